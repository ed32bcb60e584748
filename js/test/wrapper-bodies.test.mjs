// Which response bodies the route wrappers scan (content types, charsets,
// multipart) and the responses they pass through, against the built package.
// Synthetic PHI only: 219-09-9999 is a synthetic SSN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard, PhiGuardError } from 'phi-guard';
import { wrapRouteHandler, wrapApiHandler, createRedactingStream } from 'phi-guard/next';
import { emitted } from './support/emit-log.mjs';

const guard = await createGuard();
const SSN = '219-09-9999';
const req = () => new Request('https://app.example.com/api/records/42');
const never = { guard, route: '/api/records/[id]', returnsPhi: 'never' };
const utf8 = (s) => new TextEncoder().encode(s);
const latin1 = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf16le = (s) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
const bytesOf = async (res) => new Uint8Array(await res.arrayBuffer());
const settle = () => new Promise((r) => setImmediate(r));
const collector = () => {
  const events = [];
  return { events, onEvent: (e) => { events.push(e); emitted('event-summary', e); } };
};
const route = (body, headers, policy = never) => wrapRouteHandler(() => new Response(body, { headers }), policy)(req(), {});

function fakeRes() {
  const res = { statusCode: 200, headers: {}, body: undefined, headersSent: false };
  res.setHeader = (k, v) => { res.headers[k.toLowerCase()] = v; };
  res.getHeader = (k) => res.headers[k.toLowerCase()];
  res.removeHeader = (k) => { delete res.headers[k.toLowerCase()]; };
  res.end = (b) => { res.body = b; return res; };
  // As in Next's sendData: a Buffer is written as it is, an object as JSON, a string as it is.
  res.send = (b) => (typeof b === 'object' && !Buffer.isBuffer(b) ? res.end(JSON.stringify(b)) : res.end(b));
  return res;
}
const api = async (contentType, body, policy = never) => {
  const res = fakeRes();
  await wrapApiHandler((q, s) => { if (contentType) s.setHeader('content-type', contentType); s.send(body); }, policy)({ headers: {} }, res);
  return res;
};

// --- A. Which content types are scanned -------------------------------------

/** Content types whose bodies are text, each with why. */
const TEXTUAL = [
  ['application/jsonl', 'JSON lines (was in the stream list, classified binary first)'],
  ['application/x-ndjson', 'NDJSON'],
  ['application/hl7-v2', 'HL7 v2 messages'],
  ['x-application/hl7-v2+er7', 'HL7 v2 ER7 encoding under a nonstandard top-level type'],
  ['application/x-yaml', 'YAML, x- prefix'],
  ['application/yaml', 'YAML'],
  ['application/csv', 'CSV under application/'],
  ['text/csv; charset=utf-8', 'text/*'],
  ['application/x-javascript', 'legacy JavaScript type'],
  ['message/rfc822', 'an e-mail message'],
  ['application/fhir+json; fhirVersion=4.0', '+json suffix'],
  ['application/soap+xml', '+xml suffix'],
  ['image/svg+xml', '+xml wins over image/*'],
  ['application/vnd.acme.chart', 'an unknown type is sniffed, and this body is text'],
  ['application/vnd.acme.chart; charset=utf-8', 'a charset declares text'],
  ['json', 'a malformed type is sniffed like none'],
  ['multipart/mixed', 'multipart without a boundary is sniffed as a whole'],
];

/** Content types that are binary: they pass unscanned, byte for byte. */
const BINARY = [
  ['image/png', 'image/*'],
  ['application/pdf', 'PDF'],
  ['application/octet-stream', 'opaque bytes'],
  ['application/zip', 'archive'],
  ['application/x-protobuf', 'protobuf (often valid UTF-8, so never sniffed)'],
  ['application/grpc+proto', '+proto suffix'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Office document'],
  ['application/epub+zip', '+zip suffix'],
  ['font/woff2', 'font/*'],
];

test('route handler: every textual content type is scanned and redacted', async () => {
  for (const [ct, why] of TEXTUAL) {
    const res = await route(`{"ssn":"${SSN}"}`, { 'content-type': ct });
    assert.equal(res.headers.get('x-phi-guard'), 'redacted', `${ct}: ${why}`);
    const out = await res.text();
    assert.ok(!out.includes(SSN) && out.includes('[SSN]'), `${ct}: ${why}`);
  }
});

test('route handler: binary content types pass unscanned, byte for byte', async () => {
  for (const [ct, why] of BINARY) {
    const body = utf8(`{"ssn":"${SSN}"}`);
    const res = await route(body, { 'content-type': ct });
    assert.equal(res.headers.get('x-phi-guard'), 'unscanned-binary', `${ct}: ${why}`);
    assert.deepEqual(await bytesOf(res), body, `${ct}: ${why}`);
  }
  // An unknown type whose bytes are binary (a NUL, invalid UTF-8) is sniffed as binary.
  const blob = Uint8Array.from([0x00, 0xff, 0xfe, ...utf8(SSN)]);
  const res = await route(blob, { 'content-type': 'application/vnd.acme.blob' });
  assert.equal(res.headers.get('x-phi-guard'), 'unscanned-binary');
  assert.deepEqual(await bytesOf(res), blob);
});

test('Pages API handler: the same content types are scanned or passed', async () => {
  for (const [ct, why] of TEXTUAL) {
    const res = await api(ct, `{"ssn":"${SSN}"}`);
    assert.equal(res.headers['x-phi-guard'], 'redacted', `${ct}: ${why}`);
    assert.ok(!String(res.body).includes(SSN), `${ct}: ${why}`);
  }
  for (const [ct, why] of BINARY) {
    const body = Buffer.from(`{"ssn":"${SSN}"}`);
    const res = await api(ct, body);
    assert.equal(res.headers['x-phi-guard'], 'unscanned-binary', `${ct}: ${why}`);
    assert.equal(res.body, body, `${ct}: ${why}`);
  }
});

test('route handler: a JSON lines body is redacted as a stream, so it keeps flowing', { timeout: 10_000 }, async () => {
  // The second line is only produced once the first has come out of the wrapper:
  // a wrapper that buffered the body would never return.
  let firstOut;
  const gate = new Promise((r) => { firstOut = r; });
  let n = 0;
  const body = new ReadableStream({
    async pull(c) {
      if (n === 0) c.enqueue(utf8(`{"n":0,"ssn":"${SSN}"}\n`.padEnd(600, ' ') + '\n'));
      else if (n === 1) { await gate; c.enqueue(utf8(`{"n":1,"ssn":"${SSN}"}\n`)); } else c.close();
      n++;
    },
  });
  const res = await wrapRouteHandler(() => new Response(body, { headers: { 'content-type': 'application/jsonl' } }), { ...never, lookbehind: 16 })(req(), {});
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  const reader = res.body.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  assert.ok(first.includes('"n":0') && !first.includes(SSN));
  firstOut();
  let rest = '';
  for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
  assert.ok(rest.includes('"n":1') && !rest.includes(SSN) && rest.includes('[SSN]'));
});

// --- Multipart ---------------------------------------------------------------

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, ...utf8(` ${SSN} `), 0xc3]);
const join = (...parts) => {
  const chunks = parts.map((p) => (typeof p === 'string' ? utf8(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
};
const multipart = join(
  'preamble\r\n',
  '--XyZ\r\nContent-Disposition: form-data; name="note"\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n',
  latin1(`café, ssn ${SSN}`),
  '\r\n--XyZ\r\nContent-Disposition: attachment; filename="Maria Garcia ssn 219-09-9999.png"\r\nContent-Type: image/png\r\n\r\n',
  PNG,
  '\r\n--XyZ\r\n\r\n',
  `untyped part, ssn ${SSN}`,
  '\r\n--XyZ--\r\nepilogue',
);
const MP = 'multipart/form-data; boundary=XyZ';

test('multipart: text parts and part headers are redacted, binary parts keep their bytes', async () => {
  for (const [name, out] of [
    ['route', async () => { const r = await route(multipart, { 'content-type': MP }); return [r.headers.get('x-phi-guard'), await bytesOf(r)]; }],
    ['api', async () => { const r = await api(MP, Buffer.from(multipart)); return [r.headers['x-phi-guard'], new Uint8Array(r.body)]; }],
  ]) {
    const [header, bytes] = await out();
    assert.equal(header, 'redacted', name);
    const text = new TextDecoder().decode(bytes);
    // The one SSN left is inside the PNG's bytes, which are not text and are kept as they were.
    assert.equal(text.split(SSN).length - 1, 1, `${name}: no SSN in any text part or header`);
    assert.match(text, /filename="\[NAME\] ssn \[SSN\]\.png"/, `${name}: a part header is redacted`);
    assert.match(text, /Content-Type: text\/plain; charset=utf-8\r\n\r\ncafé, ssn \[SSN\]\r\n/, `${name}: the latin-1 part is UTF-8 now and says so`);
    assert.match(text, /untyped part, ssn \[SSN\]/, name);
    assert.match(text, /^preamble\r\n--XyZ\r\n/, name);
    assert.match(text, /\r\n--XyZ--\r\nepilogue$/, name);
    const at = bytes.findIndex((b, i) => PNG.every((p, j) => bytes[i + j] === p));
    assert.ok(at > 0, `${name}: the binary part is byte for byte as it was`);
  }
  // Control: a multipart body without PHI is sent byte for byte.
  const clean = join('--XyZ\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n', latin1('café'), '\r\n--XyZ\r\nContent-Type: image/png\r\n\r\n', PNG.subarray(0, 11), '\r\n--XyZ--\r\n');
  const res = await route(clean, { 'content-type': MP });
  assert.equal(res.headers.get('x-phi-guard'), 'clean');
  assert.deepEqual(await bytesOf(res), clean);
});

test('multipart: a text part it cannot read is never passed silently; too large follows failMode', async () => {
  const b64 = join('--q\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n', btoa(`ssn ${SSN}`), '\r\n--q--\r\n');
  const c = collector();
  const open = await route(b64, { 'content-type': 'multipart/mixed; boundary=q' }, { ...never, onEvent: c.onEvent });
  assert.equal(open.headers.get('x-phi-guard'), 'unscanned-encoded');
  assert.deepEqual(await bytesOf(open), b64);
  const closed = await route(b64, { 'content-type': 'multipart/mixed; boundary=q' }, { ...never, failMode: 'closed', onEvent: c.onEvent });
  assert.equal(closed.status, 502);
  assert.deepEqual(await closed.json(), { error: 'response_unscannable' });
  const apiClosed = await api('multipart/mixed; boundary=q', Buffer.from(b64), { ...never, failMode: 'closed', onEvent: c.onEvent });
  assert.equal(apiClosed.statusCode, 502);
  assert.ok(!String(apiClosed.body).includes(SSN));
  // A binary part in base64 is fine: it is not scanned.
  const img = join('--q\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--q--\r\n');
  assert.equal((await route(img, { 'content-type': 'multipart/mixed; boundary=q' })).headers.get('x-phi-guard'), 'clean');
  // Larger than maxBufferBytes: it cannot be taken apart, so failMode decides.
  const big = await route(multipart, { 'content-type': MP }, { ...never, maxBufferBytes: 64, failMode: 'closed', onEvent: c.onEvent });
  assert.equal(big.status, 502);
  await settle();
  assert.deepEqual(c.events.map((e) => [e.channel, e.failure]), [
    ['guard_failure', 'unsupported_transfer_encoding'], ['guard_failure', 'unsupported_transfer_encoding'],
    ['guard_failure', 'unsupported_transfer_encoding'], ['guard_failure', 'multipart_too_large'],
  ]);
});

// --- B. Charsets --------------------------------------------------------------

test('route handler: a latin-1 body is decoded as latin-1; redacted it is sent as UTF-8 and says so', async () => {
  const res = await route(latin1(`café ssn ${SSN}`), { 'content-type': 'text/plain; charset=iso-8859-1', 'content-length': '20' });
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(res.headers.get('content-length'), null);
  assert.deepEqual(await bytesOf(res), utf8('café ssn [SSN]'));
  // Unchanged, the body keeps its bytes and its charset.
  const clean = await route(latin1('café au lait'), { 'content-type': 'text/plain; charset=iso-8859-1' });
  assert.equal(clean.headers.get('x-phi-guard'), 'clean');
  assert.equal(clean.headers.get('content-type'), 'text/plain; charset=iso-8859-1');
  assert.deepEqual(await bytesOf(clean), latin1('café au lait'));
});

test('route handler: UTF-16 bodies (declared, or by their byte-order mark) are scanned', async () => {
  const json = `{"ssn":"${SSN}"}`;
  const res = await route(utf16le(json), { 'content-type': 'application/json; charset=utf-16le' });
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.deepEqual(await res.json(), { ssn: '[SSN]' });
  const bom = await route(join(Uint8Array.of(0xff, 0xfe), utf16le(`ssn ${SSN}`)), { 'content-type': 'text/plain' });
  assert.equal(bom.headers.get('x-phi-guard'), 'redacted');
  assert.equal(bom.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(await bom.text(), 'ssn [SSN]');
  const clean = utf16le('{"ok":true}');
  const unchanged = await route(clean, { 'content-type': 'application/json; charset="UTF-16LE"' });
  assert.equal(unchanged.headers.get('x-phi-guard'), 'clean');
  assert.deepEqual(await bytesOf(unchanged), clean);
});

test('route handler: a charset this runtime cannot decode follows failMode and is reported', async () => {
  const c = collector();
  const body = utf8(`{"ssn":"${SSN}"}`);
  const open = await route(body, { 'content-type': 'application/json; charset=utf-32' }, { ...never, onEvent: c.onEvent });
  assert.equal(open.headers.get('x-phi-guard'), 'unscanned-encoded');
  assert.deepEqual(await bytesOf(open), body, 'sent as it came');
  const closed = await route(body, { 'content-type': 'text/plain; charset=x-no-such-charset' }, { ...never, failMode: 'closed', onEvent: c.onEvent });
  assert.equal(closed.status, 502);
  assert.deepEqual(await closed.json(), { error: 'response_unscannable' });
  await settle();
  assert.deepEqual(c.events.map((e) => [e.channel, e.failure]), [['guard_failure', 'unsupported_charset'], ['guard_failure', 'unsupported_charset']]);
});

test('route handler: a streamed latin-1 body comes out as UTF-8 and says so', async () => {
  const text = `café ssn ${SSN}\n`.repeat(200);
  const res = await route(latin1(text), { 'content-type': 'text/plain; charset=iso-8859-1' }, { ...never, maxBufferBytes: 256 });
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(new TextDecoder('utf-8', { fatal: true }).decode(await bytesOf(res)), 'café ssn [SSN]\n'.repeat(200));
  // Server-sent events are UTF-8 whatever charset they claim (the EventSource spec): never re-decoded.
  const sse = await route(utf8(`data: café ssn ${SSN}\n\n`), { 'content-type': 'text/event-stream; charset=iso-8859-1' });
  assert.equal(await sse.text(), 'data: café ssn [SSN]\n\n');
});

test('Pages API handler: bytes are decoded with their charset; redacted they are UTF-8 and say so', async () => {
  const res = await api('text/plain; charset=iso-8859-1', Buffer.from(latin1(`café ssn ${SSN}`)));
  assert.equal(res.headers['x-phi-guard'], 'redacted');
  assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
  assert.ok(Buffer.isBuffer(res.body), 'a Buffer stays a Buffer (Next writes it as it is)');
  assert.deepEqual(new Uint8Array(res.body), utf8('café ssn [SSN]'));
  const clean = Buffer.from(latin1('café au lait'));
  const unchanged = await api('text/plain; charset=iso-8859-1', clean);
  assert.equal(unchanged.headers['x-phi-guard'], 'clean');
  assert.equal(unchanged.headers['content-type'], 'text/plain; charset=iso-8859-1');
  assert.equal(unchanged.body, clean);
  const u16 = await api('application/json; charset=utf-16le', Buffer.from(utf16le(`{"ssn":"${SSN}"}`)));
  assert.equal(u16.headers['x-phi-guard'], 'redacted');
  assert.deepEqual(JSON.parse(Buffer.from(u16.body).toString('utf8')), { ssn: '[SSN]' });
  // A string is already text: scanned as it is, its charset left to the handler.
  const str = await api('text/plain; charset=iso-8859-1', `café ssn ${SSN}`);
  assert.equal(str.body, 'café ssn [SSN]');
  assert.equal(str.headers['content-type'], 'text/plain; charset=iso-8859-1');
});

test('createRedactingStream: decodes the given encoding, writes UTF-8; an unknown one is a PhiGuardError', async () => {
  const out = new Response(new Blob([latin1(`café ssn ${SSN}`)]).stream().pipeThrough(createRedactingStream(guard, { encoding: 'iso-8859-1' })));
  assert.equal(await out.text(), 'café ssn [SSN]');
  assert.throws(() => createRedactingStream(guard, { encoding: 'utf-32' }), (e) => e instanceof PhiGuardError && e.code === 'input');
});

// --- C. Responses that cannot be rebuilt --------------------------------------

test('route handler: Response.error() passes through unchanged, without throwing', async () => {
  const err = Response.error();
  const res = await wrapRouteHandler(() => err, never)(req(), {});
  assert.equal(res, err);
  assert.equal(res.type, 'error');
  assert.equal(res.status, 0);
});
