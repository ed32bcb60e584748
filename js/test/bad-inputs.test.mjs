// The bad-input battery through the built wasm package (the native twin is
// tests/bad_inputs.rs). Each case gets a clear result or a typed error, never
// a crash or a hang. No timing asserts: speed is the benchmarks' job.
// Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createGuard, PhiGuardError } from 'phi-guard';
import { wrapRouteHandler } from 'phi-guard/next';

const SSN = '219-09-9999';
const guard = await createGuard();

/** Offsets index the caller's own string: each finding's slice is a plausible value. */
function sane(text, { findings }) {
  for (const f of findings) {
    assert.ok(Number.isInteger(f.start) && f.start >= 0 && f.start < f.end && f.end <= text.length, `${f.type} ${f.start}..${f.end}`);
  }
}

test('lone surrogates cross the boundary as U+FFFD, one code unit each, so offsets stay right', () => {
  // wasm-bindgen passes strings as UTF-8 (TextEncoder), which turns every lone
  // surrogate into U+FFFD. U+FFFD is one UTF-16 unit like the surrogate it
  // replaces, so offsets computed on the decoded text index the original.
  const text = `\uD800a\uDC00 ssn ${SSN} 😀 \uDBFF mail maria.garcia@example.com \uDFFF`;
  const res = guard.scan(text);
  sane(text, res);
  assert.deepEqual(res.findings.map((f) => [f.type, text.slice(f.start, f.end)]), [['SSN', SSN], ['EMAIL', 'maria.garcia@example.com']]);
  assert.equal(res.redacted, '\uFFFDa\uFFFD ssn [SSN] 😀 \uFFFD mail [EMAIL] \uFFFD', 'lone surrogates come back as U+FFFD');
});

test('NUL bytes and control characters', () => {
  const text = `\0ssn\0${SSN}\0\u0001\u007f\r\n mail maria.garcia@example.com\0`;
  const res = guard.scan(text);
  assert.deepEqual(res.findings.map((f) => text.slice(f.start, f.end)), [SSN, 'maria.garcia@example.com']);
  assert.equal(res.redacted, '\0ssn\0[SSN]\0\u0001\u007f\r\n mail [EMAIL]\0');
});

test('a 10 MB single line', () => {
  const filler = 'status=ok latency=12ms build=4.2.1 region=us-east-1 ';
  const half = filler.repeat(Math.ceil((5 * 1024 * 1024) / filler.length));
  const line = `ssn ${SSN} ${half}mail maria.garcia@example.com ${half}call (312) 555-0142`;
  assert.ok(line.length > 10 * 1024 * 1024);
  const res = guard.scan(line);
  sane(line, res);
  assert.deepEqual(res.findings.map((f) => f.type), ['SSN', 'EMAIL', 'PHONE']);
  assert.ok(res.redacted.endsWith('call [PHONE]'));
});

test('JSON nested 100,000 levels deep, balanced and not', () => {
  const depth = 100_000;
  const deep = `${'['.repeat(depth)}{"ssn":"${SSN}"}${']'.repeat(depth)}`;
  const res = guard.scan(deep, { format: 'json' });
  assert.equal(res.format, 'json');
  assert.equal(res.fallback, undefined);
  assert.deepEqual(res.findings.map((f) => deep.slice(f.start, f.end)), [SSN]);
  const open = `${'{"a":'.repeat(depth)}"${SSN}"`;
  const bad = guard.scan(open, { format: 'json' });
  assert.equal(bad.fallback, 'malformed_json');
  assert.equal(bad.format, 'text');
  assert.ok(!bad.redacted.includes(SSN));
});

test('malformed and truncated JSON falls back to a text scan and says so', () => {
  const doc = JSON.stringify({ patient: { name: 'Maria Garcia', ssn: SSN, phones: ['(312) 555-0142'] } });
  for (let cut = 1; cut < doc.length; cut++) {
    const part = doc.slice(0, cut);
    const res = guard.scan(part, { format: 'json' });
    sane(part, res);
    assert.equal(res.fallback, 'malformed_json', `prefix ${cut}`);
    assert.equal(res.format, 'text');
    if (part.includes(`${SSN}"`)) assert.ok(!res.redacted.includes(SSN), `prefix ${cut} leaks`);
  }
});

test('huge numbers of findings: 200,000 e-mails', () => {
  let text = '';
  for (let i = 0; i < 200_000; i++) text += `u${i}@example.com `;
  const res = guard.scan(text, { format: 'text' });
  assert.equal(res.findings.length, 200_000);
  assert.equal(res.redacted.split('[EMAIL]').length - 1, 200_000);
  assert.ok(!res.redacted.includes('@'));
});

test('inputs built to make a pattern engine backtrack finish with a sane result', () => {
  const n = 200_000;
  const cases = [
    ['1'.repeat(n), 'text'], ['1-'.repeat(n / 2), 'text'], ['a.'.repeat(n / 2) + '@', 'text'], ['a@'.repeat(n / 2), 'text'],
    ['Maria '.repeat(n / 6), 'text'], ['MRN: '.repeat(n / 5), 'text'], ['DOB '.repeat(n / 4) + '3/14/62', 'text'],
    // A label repeated inside one long value ("ssn=%ssn=%…") was quadratic in
    // the label-value grammar (40,000 repetitions: 17 s) until value_len
    // searched a bounded window.
    ['https://x.test/?' + 'ssn=%'.repeat(n / 5), 'url'], ['ssn=%'.repeat(n / 5), 'text'], ['/p?' + '%25'.repeat(n / 3), 'url'],
    ['<a '.repeat(n / 3), 'html'], ['<!--' + '-'.repeat(n), 'html'], ['{"a":"' + '\\\\'.repeat(n / 2), 'json'],
    ['"'.repeat(n), 'json'], ['eyJ' + 'a'.repeat(n) + '.', 'text'], ['4111 '.repeat(n / 5), 'text'],
  ];
  for (const [text, format] of cases) sane(text, guard.scan(text, { format }));
});

test('misuse is a typed error without the input', () => {
  assert.throws(() => guard.scan(42), (e) => e instanceof PhiGuardError && e.code === 'input');
  assert.throws(() => guard.scan(`ssn ${SSN}`, { format: 'jsonn' }), (e) => e.code === 'input' && !e.message.includes('219'));
  assert.throws(() => guard.classify({ channel: 'server_log', discoveredAt: SSN }), (e) => e.code === 'event' && !e.message.includes('219'));
  assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]', 'still works after misuse');
});

test('classify reads an event text with lone surrogates as a scan does (U+FFFD), not as a malformed event', () => {
  const event = { channel: 'response_body', route: '/api/patients/[id]', discoveredAt: '2026-03-01T12:00:00Z', authenticated: false };
  const text = `{"ssn":"${SSN}","note":"\uD800 x \uDFFF"}`;
  const { classification, signal } = guard.classify({ ...event, text });
  assert.equal(classification.identifierTypes.SSN, 1);
  assert.equal(signal.kind, 'unauthorized_disclosure');
  assert.ok(!JSON.stringify(signal).includes('219'));
  // What the scan saw: the same counts as for the text with U+FFFD in place.
  const fixed = guard.classify({ ...event, text: text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'), signalId: signal.id });
  assert.deepEqual(fixed.classification, classification);
  assert.equal(fixed.signal.hash, guard.classify({ ...event, text, signalId: signal.id }).signal.hash);
  // A text that is not a string is still the core's typed error.
  assert.throws(() => guard.classify({ ...event, text: 42 }), (e) => e.code === 'event');
  // A getter that throws is a PhiGuardError without its message.
  const throwing = { ...event, get text() { throw new Error(`boom ${SSN}`); } };
  assert.throws(() => guard.classify(throwing), (e) => e instanceof PhiGuardError && e.code === 'input' && !e.message.includes('219'));
  // An event that says with toJSON what it is: classified as serialised (here, no text).
  const described = { ...event, text: `ssn ${SSN}`, toJSON() { return event; } };
  assert.deepEqual(guard.classify(described).classification.identifierTypes, {});
  // An inherited text is not the event's, as JSON.stringify sees it.
  assert.deepEqual(guard.classify(Object.assign(Object.create({ text: `ssn ${SSN}` }), event)).classification.identifierTypes, {});
});

const respond = (body, headers) => async () => new Response(body, { headers });
const policy = { guard, route: '/api/files/[id]', returnsPhi: 'never' };
const req = () => new Request('https://app.example.com/api/files/1');

test('route wrapper: binary bodies pass untouched and are marked unscanned', async () => {
  const bytes = new Uint8Array(4096).map((_, i) => (i * 131) % 256);
  bytes.set(new TextEncoder().encode(`ssn ${SSN}`), 100);
  const res = await wrapRouteHandler(respond(bytes, { 'content-type': 'application/octet-stream' }), policy)(req(), {});
  assert.equal(res.headers.get('x-phi-guard'), 'unscanned-binary');
  assert.deepEqual(new Uint8Array(await res.arrayBuffer()), bytes);
});

/** Reporting options that keep every onEvent summary. */
function events() {
  const seen = [];
  return { seen, onEvent: (e) => { seen.push(e); }, settle: () => new Promise((r) => setImmediate(r)) };
}

test('route wrapper: a text body without content-type is scanned with format auto', async () => {
  // Bytes, not a string: `new Response(string)` would add text/plain itself.
  const c = events();
  const res = await wrapRouteHandler(respond(new TextEncoder().encode(`ssn ${SSN}`), {}), { ...policy, onEvent: c.onEvent })(req(), {});
  assert.equal(res.headers.get('content-type'), null, 'no content type was added');
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(await res.text(), 'ssn [SSN]');
  await c.settle();
  assert.deepEqual(c.seen.map((e) => [e.channel, e.format, e.mitigation]), [['response_body', 'auto', 'redacted']]);
  // `auto` sniffs JSON, whose keys label their values; as plain text these names would pass.
  const names = '{"first":"Maria","last":"Garcia"}';
  assert.equal(guard.redactText(names, 'text'), names, 'control: plain text does not see these names');
  const json = await wrapRouteHandler(respond(new TextEncoder().encode(names), {}), policy)(req(), {});
  assert.deepEqual(await json.json(), { first: '[NAME]', last: '[NAME]' });
});

test('route wrapper: binary bodies without content-type pass untouched as unscanned-binary', async () => {
  const withSsn = (head, size = 256) => {
    const bytes = new Uint8Array(size).fill(0x20);
    bytes.set(head, 0);
    bytes.set(new TextEncoder().encode(`ssn ${SSN}`), 64);
    return bytes;
  };
  const cases = {
    png: withSsn([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    jpeg: withSsn([0xff, 0xd8, 0xff, 0xe0]),
    pdf: withSsn(new TextEncoder().encode('%PDF-1.7\n')), // valid ASCII: known by its signature only
    nul: withSsn([0x61, 0x00, 0x62]),
    invalidUtf8: withSsn([0x61, 0xc3, 0x28]),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const res = await wrapRouteHandler(respond(bytes, {}), policy)(req(), {});
    assert.equal(res.headers.get('x-phi-guard'), 'unscanned-binary', name);
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), bytes, `${name}: bytes unchanged`);
  }
  // Control: the same filler and SSN without a binary marker is text, and is redacted.
  const text = withSsn([0x61]);
  const res = await wrapRouteHandler(respond(text, {}), policy)(req(), {});
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.ok(!(await res.text()).includes(SSN));
});

test('route wrapper: untyped bodies over maxBufferBytes are sniffed from the buffered part', async () => {
  const small = { ...policy, maxBufferBytes: 1024 };
  const lines = Array.from({ length: 200 }, (_, i) => `row ${i} ssn ${SSN}\n`).join('');
  const text = await wrapRouteHandler(respond(new TextEncoder().encode(lines), {}), small)(req(), {});
  assert.equal(text.headers.get('x-phi-guard'), 'redacted');
  const out = await text.text();
  assert.ok(!out.includes(SSN));
  assert.equal(out.split('[SSN]').length - 1, 200);
  const bytes = new Uint8Array(8192).map((_, i) => (i * 131) % 256); // NUL at 0, invalid UTF-8 throughout
  bytes.set(new TextEncoder().encode(`ssn ${SSN}`), 100);
  const bin = await wrapRouteHandler(respond(bytes, {}), small)(req(), {});
  assert.equal(bin.headers.get('x-phi-guard'), 'unscanned-binary');
  assert.deepEqual(new Uint8Array(await bin.arrayBuffer()), bytes);
});

test('route wrapper: gzip bodies are decompressed, redacted and sent uncompressed', async () => {
  const gz = gzipSync(JSON.stringify({ ssn: SSN, note: 'x'.repeat(1000) }));
  const res = await wrapRouteHandler(respond(gz, { 'content-type': 'application/json', 'content-encoding': 'gzip' }), policy)(req(), {});
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(res.headers.get('content-encoding'), null);
  assert.equal((await res.json()).ssn, '[SSN]');
});

test('route wrapper: corrupt gzip fails open with the original bytes, closed with 502; both report', async () => {
  const gz = gzipSync(`ssn ${SSN}`);
  const cases = { truncated: gz.slice(0, gz.length - 6), notGzip: new TextEncoder().encode(`plain ssn ${SSN}`), badCrc: Uint8Array.from(gz, (b, i) => (i === gz.length - 5 ? b ^ 0xff : b)) };
  for (const [name, corrupt] of Object.entries(cases)) {
    const c = events();
    const headers = { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': String(corrupt.length) };
    const open = await wrapRouteHandler(respond(corrupt, headers), { ...policy, onEvent: c.onEvent })(req(), {});
    assert.equal(open.status, 200, name);
    assert.equal(open.headers.get('x-phi-guard'), 'unscanned-failure', name);
    assert.equal(open.headers.get('content-encoding'), 'gzip', `${name}: still labelled as what it is`);
    assert.equal(open.headers.get('content-length'), String(corrupt.length), name);
    assert.deepEqual(new Uint8Array(await open.arrayBuffer()), new Uint8Array(corrupt), `${name}: the bytes as they came`);
    const closed = await wrapRouteHandler(respond(corrupt, headers), { ...policy, failMode: 'closed', onEvent: c.onEvent })(req(), {});
    assert.equal(closed.status, 502, name);
    assert.equal(closed.headers.get('content-type'), 'application/json');
    assert.equal(closed.headers.get('content-encoding'), null);
    const body = await closed.text();
    assert.deepEqual(JSON.parse(body), { error: 'response_unscannable' });
    assert.ok(!body.includes(SSN));
    await c.settle();
    assert.deepEqual(c.seen.map((e) => [e.channel, e.failure, e.route]), [
      ['guard_failure', 'decode_failed', policy.route], ['guard_failure', 'decode_failed', policy.route],
    ], name);
  }
  // Control: the intact body decodes and is redacted.
  const ok = await wrapRouteHandler(respond(gz, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }), policy)(req(), {});
  assert.equal(await ok.text(), 'ssn [SSN]');
});

test('route wrapper: a gzip body over maxBufferBytes is decoded and redacted as a stream', async () => {
  const lines = Array.from({ length: 300 }, (_, i) => `row ${i} ssn ${SSN}\n`).join('');
  const res = await wrapRouteHandler(respond(gzipSync(lines), { 'content-type': 'text/plain', 'content-encoding': 'gzip' }), { ...policy, maxBufferBytes: 512 })(req(), {});
  assert.equal(res.headers.get('content-encoding'), null);
  const out = await res.text();
  assert.ok(!out.includes(SSN));
  assert.equal(out.split('[SSN]').length - 1, 300);
});

test('route wrapper: brotli is decoded through node:zlib when DecompressionStream lacks it', async () => {
  let native = true;
  try { new DecompressionStream('brotli'); } catch { native = false; }
  assert.ok(native || typeof process.getBuiltinModule === 'function', 'this Node has one way or the other to decode brotli');
  const br = brotliCompressSync(JSON.stringify({ ssn: SSN, note: 'x'.repeat(1000) }));
  const res = await wrapRouteHandler(respond(br, { 'content-type': 'application/json', 'content-encoding': 'br' }), policy)(req(), {});
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(res.headers.get('content-encoding'), null);
  assert.equal((await res.json()).ssn, '[SSN]');
  // Large output: the zlib fallback keeps flowing into the streaming path.
  const lines = Array.from({ length: 300 }, (_, i) => `row ${i} ssn ${SSN}\n`).join('');
  const big = await wrapRouteHandler(respond(brotliCompressSync(lines), { 'content-type': 'text/plain', 'content-encoding': 'br' }), { ...policy, maxBufferBytes: 512 })(req(), {});
  const out = await big.text();
  assert.equal(out.split('[SSN]').length - 1, 300);
  assert.ok(!out.includes(SSN));
  // Corrupt brotli follows failMode like corrupt gzip.
  const corrupt = new TextEncoder().encode(`not brotli, ssn ${SSN}`);
  const c = events();
  const open = await wrapRouteHandler(respond(corrupt, { 'content-type': 'text/plain', 'content-encoding': 'br' }), { ...policy, onEvent: c.onEvent })(req(), {});
  assert.equal(open.headers.get('x-phi-guard'), 'unscanned-failure');
  assert.deepEqual(new Uint8Array(await open.arrayBuffer()), corrupt);
  const closed = await wrapRouteHandler(respond(corrupt, { 'content-type': 'text/plain', 'content-encoding': 'br' }), { ...policy, failMode: 'closed', onEvent: c.onEvent })(req(), {});
  assert.equal(closed.status, 502);
  assert.ok(!(await closed.text()).includes(SSN));
  await c.settle();
  assert.deepEqual(c.seen.map((e) => e.failure), ['decode_failed', 'decode_failed']);
});

/** Runs `f` as if in a runtime with no brotli at all (an edge isolate): no brotli DecompressionStream, no node:zlib. */
async function withoutBrotli(f) {
  const DS = globalThis.DecompressionStream;
  const getBuiltinModule = process.getBuiltinModule;
  globalThis.DecompressionStream = class extends DS {
    constructor(format) {
      if (format === 'brotli') throw new TypeError('unsupported format');
      super(format);
    }
  };
  process.getBuiltinModule = undefined;
  try { return await f(); } finally {
    globalThis.DecompressionStream = DS;
    process.getBuiltinModule = getBuiltinModule;
  }
}

test('route wrapper: encodings this runtime cannot decode follow failMode and report', async () => {
  const br = brotliCompressSync(`ssn ${SSN}`);
  const c = events();
  await withoutBrotli(async () => {
    const open = await wrapRouteHandler(respond(br, { 'content-type': 'text/plain', 'content-encoding': 'br' }), { ...policy, onEvent: c.onEvent })(req(), {});
    assert.equal(open.status, 200);
    assert.equal(open.headers.get('x-phi-guard'), 'unscanned-encoded');
    assert.equal(open.headers.get('content-encoding'), 'br');
    assert.deepEqual(new Uint8Array(await open.arrayBuffer()), new Uint8Array(br));
    const closed = await wrapRouteHandler(respond(br, { 'content-type': 'text/plain', 'content-encoding': 'br' }), { ...policy, failMode: 'closed', onEvent: c.onEvent })(req(), {});
    assert.equal(closed.status, 502);
    assert.equal(closed.headers.get('x-phi-guard'), 'unscanned-encoded');
    assert.deepEqual(await closed.json(), { error: 'response_unscannable' });
    // Control: gzip still decodes in the same runtime.
    const gz = await wrapRouteHandler(respond(gzipSync(`ssn ${SSN}`), { 'content-type': 'text/plain', 'content-encoding': 'gzip' }), policy)(req(), {});
    assert.equal(await gz.text(), 'ssn [SSN]');
  });
  const bytes = new TextEncoder().encode(`ssn ${SSN}`);
  for (const encoding of ['zstd', 'compress', 'gzip, br']) {
    const open = await wrapRouteHandler(respond(bytes, { 'content-type': 'text/plain', 'content-encoding': encoding }), { ...policy, onEvent: c.onEvent })(req(), {});
    assert.equal(open.headers.get('x-phi-guard'), 'unscanned-encoded', encoding);
    assert.deepEqual(new Uint8Array(await open.arrayBuffer()), bytes, encoding);
    const closed = await wrapRouteHandler(respond(bytes, { 'content-type': 'text/plain', 'content-encoding': encoding }), { ...policy, failMode: 'closed', onEvent: c.onEvent })(req(), {});
    assert.equal(closed.status, 502, encoding);
    assert.ok(!(await closed.text()).includes(SSN));
  }
  await c.settle();
  assert.equal(c.seen.length, 8);
  for (const e of c.seen) assert.deepEqual([e.channel, e.failure, e.text], ['guard_failure', 'unsupported_encoding', undefined]);
});

test('route wrapper: a failing uncompressed body stream is the handler\'s error and propagates', async () => {
  const boom = new RangeError('the upstream stream broke');
  const body = new ReadableStream({ pull(c) { c.error(boom); } });
  const c = events();
  await assert.rejects(wrapRouteHandler(respond(body, { 'content-type': 'text/plain' }), { ...policy, onEvent: c.onEvent })(req(), {}), (e) => e === boom);
  await c.settle();
  assert.equal(c.seen.length, 0, 'not a guard failure');
});
