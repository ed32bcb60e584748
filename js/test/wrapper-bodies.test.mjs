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
  ['application/x-msgpack', 'msgpack (its bytes may be valid UTF-8: a specific binary type is trusted)'],
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

test('route handler: a CSV or TSV export is read by its header row, so names and MRNs are redacted too', async () => {
  // As text, the names and the MRN have no label beside them and leak; the header labels each column.
  const csv = 'first_name,last_name,dob,mrn\r\n"Zoltan","Quibble",1961-03-14,88421337\r\nYsolde,Pembrook,1958-07-02,88421338\r\n';
  for (const ct of ['text/csv; charset=utf-8', 'application/csv', 'text/x-csv']) {
    const { events, onEvent } = collector();
    const res = await route(csv, { 'content-type': ct }, { ...never, onEvent });
    assert.equal(res.headers.get('x-phi-guard'), 'redacted', ct);
    assert.equal(await res.text(), 'first_name,last_name,dob,mrn\r\n"[NAME]","[NAME]",[DATE],[MRN]\r\n[NAME],[NAME],[DATE],[MRN]\r\n', ct);
    await settle();
    assert.equal(events.length, 1, ct);
    assert.equal(events[0].format, 'csv', ct);
  }
  const tsv = 'patient_name\temail\tnote\nJosé Núñez\tjn@example.com\t😀 ok\n';
  const res = await route(tsv, { 'content-type': 'text/tab-separated-values' });
  assert.equal(await res.text(), 'patient_name\temail\tnote\n[NAME]\t[EMAIL]\t😀 ok\n');
  // The same body as text/plain is read as text, and the table inside it by its header row too.
  const plain = await (await route(csv, { 'content-type': 'text/plain' })).text();
  assert.equal(plain, 'first_name,last_name,dob,mrn\r\n"[NAME]","[NAME]",[DATE],[MRN]\r\n[NAME],[NAME],[DATE],[MRN]\r\n');
});

test('route handler and Pages API: a form-encoded body is read as a query, each value decoded under its key', async () => {
  // As text, the encoded DOB and the phone after `%2B1+` leak.
  const form = 'firstName=Maria&lastName=Garcia&dob=03%2F14%2F1961&email=maria.garcia%40example.com&phone=%2B1+555+867+5309&reason=chest+pain';
  const want = 'firstName=[NAME]&lastName=[NAME]&dob=[DATE]&email=[EMAIL]&phone=[PHONE]&reason=chest+pain';
  for (const ct of ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8']) {
    const { events, onEvent } = collector();
    const res = await route(form, { 'content-type': ct }, { ...never, onEvent });
    assert.equal(res.headers.get('x-phi-guard'), 'redacted', ct);
    assert.equal(await res.text(), want, ct);
    await settle();
    assert.equal(events[0].format, 'url', ct);
    const api_ = await api(ct, form);
    assert.equal(api_.body, want, ct);
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

test('multipart: a text part in an unknown transfer encoding is never passed silently; too large follows failMode', async () => {
  // Its raw bytes hold no PHI, and what they decode to cannot be known here.
  const rot = join('--q\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-rot13\r\n\r\nffa mreb-avar\r\n--q--\r\n');
  const c = collector();
  const open = await route(rot, { 'content-type': 'multipart/mixed; boundary=q' }, { ...never, onEvent: c.onEvent });
  assert.equal(open.headers.get('x-phi-guard'), 'unscanned-encoded');
  assert.deepEqual(await bytesOf(open), rot);
  const closed = await route(rot, { 'content-type': 'multipart/mixed; boundary=q' }, { ...never, failMode: 'closed', onEvent: c.onEvent });
  assert.equal(closed.status, 502);
  assert.deepEqual(await closed.json(), { error: 'response_unscannable' });
  const apiClosed = await api('multipart/mixed; boundary=q', Buffer.from(rot), { ...never, failMode: 'closed', onEvent: c.onEvent });
  assert.equal(apiClosed.statusCode, 502);
  assert.ok(!String(apiClosed.body).includes('ffa'));
  // Raw bytes with PHI are redacted whatever the transfer encoding says.
  const raw = join('--q\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-rot13\r\n\r\nssn ', SSN, '\r\n--q--\r\n');
  const red = await route(raw, { 'content-type': 'multipart/mixed; boundary=q' });
  assert.equal(red.headers.get('x-phi-guard'), 'redacted');
  assert.ok(!(await red.text()).includes(SSN));
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

const MIXED = 'multipart/mixed; boundary=XyZ';
/** The route's and the Pages API handler's output for one multipart body: [x-phi-guard, body text] each. */
const bothWays = async (body, ct = MIXED) => {
  const r = await route(body, { 'content-type': ct });
  const a = await api(ct, Buffer.from(body));
  return [['route', r.headers.get('x-phi-guard'), new TextDecoder().decode(await bytesOf(r))], ['api', a.headers['x-phi-guard'], Buffer.from(a.body).toString('utf8')]];
};

test('multipart: a part with two Content-Types is scanned (formData() takes the last one)', async () => {
  const body = join('--XyZ\r\nContent-Type: image/png\r\nContent-Type: text/plain\r\n\r\nssn ', SSN, '\r\n--XyZ--');
  for (const [name, header, text] of await bothWays(body)) {
    assert.equal(header, 'redacted', name);
    assert.ok(!text.includes(SSN) && text.includes('ssn [SSN]'), name);
  }
  // Either order, and with bytes that sniff as binary.
  const other = join('--XyZ\r\nContent-Type: text/plain\r\nContent-Type: application/octet-stream\r\n\r\n\0ssn ', SSN, '\r\n--XyZ--\r\n');
  const res = await route(other, { 'content-type': MIXED });
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.ok(!(await res.text()).includes(SSN));
  // What undici's formData() reads from the redacted body.
  const fd = await route(join('--XyZ\r\nContent-Disposition: form-data; name="note"; filename="n.txt"\r\nContent-Type: image/png\r\nContent-Type: text/plain\r\n\r\nssn ', SSN, '\r\n--XyZ--\r\n'), { 'content-type': 'multipart/form-data; boundary=XyZ' });
  assert.equal(await (await fd.formData()).get('note').text(), 'ssn [SSN]');
});

test('multipart: a part declared binary whose bytes are text is scanned (readers split and label parts differently)', async () => {
  const cases = [
    // A folded Content-Type: this parser reads it as image/png, others as no type.
    ['folded header', join('--XyZ\r\nContent-Type:\r\n image/png\r\nX: y\r\n\r\nssn ', SSN, '\r\n--XyZ--\r\n')],
    // A line that starts with the boundary and goes on: a delimiter here, text in a strict reader.
    ['boundary prefix', join('--XyZ\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZabc\r\nContent-Type: image/png\r\n\r\nssn ', SSN, '\r\n--XyZ--\r\n')],
    // A bare LF before a delimiter inside a CRLF body.
    ['bare LF delimiter', join('--XyZ\r\nContent-Type: text/plain\r\n\r\nhello\n--XyZ\nContent-Type: application/octet-stream\n\nssn ', SSN, '\r\n--XyZ--\r\n')],
    ['declared binary', join('--XyZ\r\nContent-Type: application/octet-stream\r\n\r\nssn ', SSN, '\r\n--XyZ--\r\n')],
  ];
  for (const [what, body] of cases) {
    for (const [name, header, text] of await bothWays(body)) {
      assert.equal(header, 'redacted', `${what} (${name})`);
      assert.ok(!text.includes(SSN), `${what} (${name}): ${text}`);
    }
  }
  // Control: a binary part that is binary by its bytes keeps them.
  const img = join('--XyZ\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\0\0ssn ', SSN, '\r\n--XyZ--\r\n');
  assert.equal((await route(img, { 'content-type': MIXED })).headers.get('x-phi-guard'), 'clean');
});

test('multipart: a part\'s Content-Type parameters are redacted; its type is kept', async () => {
  const body = join(`--XyZ\r\nContent-Type: image/png; name="${SSN}.png"\r\n\r\n`, PNG.subarray(0, 11), '\r\n--XyZ--\r\n');
  for (const [name, header, text] of await bothWays(body)) {
    assert.equal(header, 'redacted', name);
    assert.ok(!text.includes(SSN), name);
    assert.match(text, /^--XyZ\r\nContent-Type: image\/png; name="[^"]*"\r\n\r\n/, `${name}: still an image/png part`);
  }
  // The binary part's bytes are untouched (one SSN-free PNG prefix, byte for byte).
  const out = await bytesOf(await route(body, { 'content-type': MIXED }));
  assert.ok(out.findIndex((b, i) => PNG.subarray(0, 11).every((p, j) => out[i + j] === p)) > 0);
});

test('multipart: without its boundary, the body is scanned as text however binary a region looks', async () => {
  // The declared boundary is not the one used; the second part holds NUL bytes.
  const body = join('--XyZ\r\nContent-Type: text/plain\r\n\r\nssn ', SSN, '\r\n--XyZ\r\nContent-Type: image/png\r\n\r\n\0\0\r\n--XyZ--\r\n');
  for (const ct of ['multipart/mixed; boundary="XyZ\\\\"', 'multipart/mixed; boundary=nope; boundary=XyZ', 'multipart/mixed']) {
    for (const [name, header, text] of await bothWays(body, ct)) {
      assert.equal(header, 'redacted', `${name}: ${ct}`);
      assert.ok(!text.includes(SSN), `${name}: ${ct}`);
    }
  }
});

test('multipart: a part without a content type, the preamble and the epilogue are text, never sniffed as binary', async () => {
  const body = join('\0pre ', SSN, '\r\n--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\n\0ssn ', SSN, '\r\n--XyZ--\r\n\0post ', SSN);
  for (const [name, header, text] of await bothWays(body)) {
    assert.equal(header, 'redacted', name);
    assert.ok(!text.includes(SSN), name);
  }
  // formData() returns such a part as a string: redacted.
  const form = join('--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\n\0ssn ', SSN, '\r\n--XyZ--\r\n');
  const res = await route(form, { 'content-type': 'multipart/form-data; boundary=XyZ' });
  assert.equal((await res.formData()).get('note'), '\0ssn [SSN]');
});

test('multipart: quoted-printable and base64 text parts are scanned as they are and decoded, and re-encoded', async () => {
  const qp = join('--XyZ\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nssn ', SSN, '\r\n--XyZ--\r\n');
  for (const [name, header, text] of await bothWays(qp)) {
    assert.equal(header, 'redacted', name);
    assert.match(text, /\r\n\r\nssn \[SSN\]\r\n--XyZ--/, name);
  }
  // Split by a soft line break and an escape, the SSN is only seen decoded; the part stays quoted-printable.
  const split = join('--XyZ\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9 ssn 219-09-=\r\n=39999\r\n--XyZ--\r\n');
  const r = await route(split, { 'content-type': MIXED });
  assert.equal(r.headers.get('x-phi-guard'), 'redacted');
  assert.match(await r.text(), /Content-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9 ssn \[SSN\]\r\n--XyZ--/);
  // base64: decoded, redacted, base64 again.
  const b64 = join('--XyZ\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n', btoa(`ssn ${SSN}`), '\r\n--XyZ--\r\n');
  for (const [name, header, text] of await bothWays(b64)) {
    assert.equal(header, 'redacted', name);
    const m = /\r\n\r\n([A-Za-z0-9+/=]+)\r\n--XyZ--/.exec(text);
    assert.ok(m, `${name}: still base64`);
    assert.equal(atob(m[1]), 'ssn [SSN]', name);
  }
  // Not base64 at all: the raw text (what formData() returns) is scanned.
  const fake = join('--XyZ\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nssn ', SSN, '\r\n--XyZ--\r\n');
  const f = await route(fake, { 'content-type': MIXED });
  assert.equal(f.headers.get('x-phi-guard'), 'redacted');
  assert.ok(!(await f.text()).includes(SSN));
  // Clean, both stay byte for byte.
  const clean = join('--XyZ\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n', btoa('hello'), '\r\n--XyZ--\r\n');
  assert.deepEqual(await bytesOf(await route(clean, { 'content-type': MIXED })), clean);
});

test('multipart: delimiters are found on line starts only, whatever the boundary', async () => {
  // A boundary of dashes against lines of dashes (the shape that made the old search quadratic).
  const b = '-'.repeat(68) + 'x';
  const dashes = '-'.repeat(200);
  const body = join(`${dashes}\r\n--${b}\r\nContent-Type: text/plain\r\n\r\n${dashes}\r\nssn ${SSN}\r\n-${'-'.repeat(70)}x\r\n--${b}--\r\n`);
  const res = await route(body, { 'content-type': `multipart/mixed; boundary="${b}"` });
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(await res.text(), `${dashes}\r\n--${b}\r\nContent-Type: text/plain\r\n\r\n${dashes}\r\nssn [SSN]\r\n-${'-'.repeat(70)}x\r\n--${b}--\r\n`);
  // A delimiter in the middle of a line is text.
  const mid = join(`--XyZ\r\nContent-Type: text/plain\r\n\r\nsee --XyZ\r\nssn ${SSN}\r\n--XyZ--\r\n`);
  assert.match(await (await route(mid, { 'content-type': MIXED })).text(), /see --XyZ\r\nssn \[SSN\]/);
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

test('route handler: a charset label this runtime does not know is read as UTF-8, scanned and redacted', async () => {
  const c = collector();
  for (const ct of ['application/json; charset=utf8mb4', 'text/plain; charset=binary', 'application/json; charset="utf-8;"', 'application/json; charset=utf-32', 'text/plain; charset=x-no-such-charset']) {
    const res = await route(utf8(`{"ssn":"${SSN}","note":"café"}`), { 'content-type': ct }, { ...never, onEvent: c.onEvent });
    assert.equal(res.headers.get('x-phi-guard'), 'redacted', ct);
    assert.equal(res.headers.get('content-type'), `${ct.split(';')[0]}; charset=utf-8`, ct);
    assert.equal(await res.text(), '{"ssn":"[SSN]","note":"café"}', ct);
  }
  // Clean, it goes out as it came, label and all.
  const clean = await route(utf8('{"ok":true}'), { 'content-type': 'application/json; charset=utf8mb4' });
  assert.equal(clean.headers.get('x-phi-guard'), 'clean');
  assert.equal(clean.headers.get('content-type'), 'application/json; charset=utf8mb4');
  await settle();
  assert.ok(c.events.every((e) => e.channel === 'response_body'), 'no guard_failure');
});

test('charsets: every reading a client may use is scanned (the declared one and UTF-8)', async () => {
  const ascii = `{"ssn":"${SSN}","name":"Zoltan Quibble"}`;
  // A UTF-16 label on an ASCII body: fetch's json() and text() read UTF-8 (RFC 8259: the label means nothing for JSON).
  for (const label of ['utf-16le', 'unicode', 'ucs-2', 'utf-16', 'utf-16be']) {
    for (const type of ['application/json', 'text/plain', 'text/html']) {
      const ct = `${type}; charset=${label}`;
      const res = await route(utf8(ascii), { 'content-type': ct });
      assert.equal(res.headers.get('x-phi-guard'), 'redacted', ct);
      assert.equal(res.headers.get('content-type'), `${type}; charset=utf-8`, ct);
      const text = await res.text();
      assert.ok(!text.includes(SSN) && text.includes('[SSN]'), ct);
    }
  }
  // A UTF-16 byte-order mark in front of ASCII, whatever the label says.
  for (const ct of ['text/plain; charset=utf-8', 'text/plain', 'application/json', null]) {
    const body = join(Uint8Array.of(0xff, 0xfe), `ssn ${SSN}`);
    const res = await route(body, ct ? { 'content-type': ct } : {});
    assert.equal(res.headers.get('x-phi-guard'), 'redacted', String(ct));
    assert.match(res.headers.get('content-type'), /charset=utf-8$/, String(ct));
    const text = await res.text();
    assert.ok(!text.includes(SSN) && text.endsWith('ssn [SSN]'), String(ct));
  }
  // JSON is UTF-8 whatever a non-UTF-16 charset says: é stays é.
  const json = await route(utf8(`{"note":"café","ssn":"${SSN}"}`), { 'content-type': 'application/json; charset=iso-8859-1' });
  assert.equal(json.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.deepEqual(await json.json(), { note: 'café', ssn: '[SSN]' });
  // No PHI in either reading: the original bytes and headers.
  const clean = join(Uint8Array.of(0xff, 0xfe), utf16le('{"ok":true}'));
  const unchanged = await route(clean, { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(unchanged.headers.get('x-phi-guard'), 'clean');
  assert.equal(unchanged.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.deepEqual(await bytesOf(unchanged), clean);
});

test('Pages API handler: every reading of a byte body is scanned too', async () => {
  for (const ct of ['application/json; charset=utf-16le', 'application/json; charset=utf8mb4', 'text/plain; charset=ucs-2']) {
    const res = await api(ct, Buffer.from(`{"ssn":"${SSN}"}`));
    assert.equal(res.headers['x-phi-guard'], 'redacted', ct);
    assert.equal(res.headers['content-type'], `${ct.split(';')[0]}; charset=utf-8`, ct);
    assert.equal(Buffer.from(res.body).toString('utf8'), '{"ssn":"[SSN]"}', ct);
  }
  const bom = await api('text/plain; charset=utf-8', Buffer.from(join(Uint8Array.of(0xff, 0xfe), `ssn ${SSN}`)));
  assert.equal(bom.headers['x-phi-guard'], 'redacted');
  assert.ok(!Buffer.from(bom.body).toString('utf8').includes(SSN));
});

test('route handler: a streamed latin-1 body comes out as UTF-8 and says so', async () => {
  const text = `café ssn ${SSN}\n`.repeat(200);
  const res = await route(latin1(text), { 'content-type': 'text/plain; charset=iso-8859-1' }, { ...never, maxBufferBytes: 256 });
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(new TextDecoder('utf-8', { fatal: true }).decode(await bytesOf(res)), 'café ssn [SSN]\n'.repeat(200));
  // A label this runtime does not know: read as UTF-8, and then said to be UTF-8.
  const unknown = await route(utf8(`ssn ${SSN}\n`.repeat(100)), { 'content-type': 'text/plain; charset=utf8mb4' }, { ...never, maxBufferBytes: 256 });
  assert.equal(unknown.headers.get('x-phi-guard'), 'redacted');
  assert.equal(unknown.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(await unknown.text(), 'ssn [SSN]\n'.repeat(100));
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

test('text sent as just bytes (a CSV export as application/octet-stream) is scanned; binary bytes and specific binary types still pass', async () => {
  const csv = `name,ssn\nPatient A,${SSN}\n`;
  for (const ct of ['application/octet-stream', 'binary/octet-stream', 'application/force-download']) {
    const r = await route(utf8(csv), { 'content-type': ct, 'content-disposition': 'attachment; filename="export.csv"' });
    assert.equal(r.headers.get('x-phi-guard'), 'redacted', ct);
    assert.equal(r.headers.get('content-type'), ct, 'the type is kept');
    assert.ok(!(await r.text()).includes(SSN), ct);
    const a = await api(ct, Buffer.from(csv));
    assert.equal(a.headers['x-phi-guard'], 'redacted', `api ${ct}`);
    assert.ok(!Buffer.from(a.body).toString('utf8').includes(SSN), `api ${ct}`);
  }
  // Longer than the peek: streamed and redacted.
  const long = utf8(`${'x,'.repeat(40_000)}\nssn ${SSN}\n`);
  const lr = await route(long, { 'content-type': 'application/octet-stream' });
  assert.equal(lr.headers.get('x-phi-guard'), 'redacted');
  assert.ok(!(await lr.text()).includes(SSN));
  // Binary by its bytes: passes byte for byte, the SSN after a NUL included.
  const png = join(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), `ssn ${SSN}`);
  for (const ct of ['image/png', 'application/octet-stream']) {
    const pr = await route(png, { 'content-type': ct });
    assert.equal(pr.headers.get('x-phi-guard'), 'unscanned-binary', ct);
    assert.deepEqual(await bytesOf(pr), png, ct);
  }
});

test('a streamed octet-stream body is not held: binary bytes pass at once, a slow stream after the peek\'s second', async () => {
  const handler = (first) => wrapRouteHandler(() => new Response(new ReadableStream({
    start(c) { c.enqueue(first); }, // and never closes
  }), { headers: { 'content-type': 'application/octet-stream' } }), never);
  const within = (p, ms) => Promise.race([p, new Promise((r) => setTimeout(() => r('still pending'), ms))]);
  // A zip's first bytes: binary at once.
  const zip = await within(handler(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]))(req(), {}), 5000);
  assert.notEqual(zip, 'still pending');
  assert.equal(zip.headers.get('x-phi-guard'), 'unscanned-binary');
  const reader = zip.body.getReader();
  assert.deepEqual([...(await reader.read()).value], [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0], 'the bytes read by the peek come first');
  await reader.cancel();
  // Text that keeps the stream open: let through as binary once the peek's time is up.
  const live = await within(handler(utf8('progress 1%\n'))(req(), {}), 5000);
  assert.notEqual(live, 'still pending');
  assert.equal(live.headers.get('x-phi-guard'), 'unscanned-binary');
  await live.body.cancel();
});

test('Pages API handler: an NDJSON body is scanned a line at a time, each line as JSON', async () => {
  const nd = '{"resourceType":"Patient","name":[{"given":["Zoltan","Q"],"family":"Quibble"}]}\r\n\n\u001e{"resourceType":"Patient","name":[{"given":["Ysolde"]}]}\nnot json, ssn 219-09-9999\n';
  for (const type of ['application/fhir+ndjson', 'application/x-ndjson', 'application/jsonl']) {
    const res = await api(type, nd);
    assert.equal(String(res.body), '{"resourceType":"Patient","name":[{"given":["[NAME]","[NAME]"],"family":"[NAME]"}]}\r\n\n\u001e{"resourceType":"Patient","name":[{"given":["[NAME]"]}]}\nnot json, ssn [SSN]\n', type);
    assert.equal(res.headers['x-phi-guard'], 'redacted');
  }
});

test('a streamed body\'s exposure is reported when its first findings go out, and the rest when the client leaves or block cuts it', async () => {
  const enc = new TextEncoder();
  for (const mode of ['report', 'redact']) {
    const c = collector();
    let feed;
    const h = wrapRouteHandler(() => new Response(new ReadableStream({ start(ctl) { feed = ctl; } }), { headers: { 'content-type': 'text/event-stream' } }),
      { ...never, mode, onEvent: c.onEvent });
    const res = await h(req(), {});
    const reader = res.body.getReader();
    feed.enqueue(enc.encode(`data: {"ssn":"${SSN}"}\n\n`));
    await reader.read();
    await settle();
    assert.equal(c.events.length, 1, `${mode}: a live feed that never ends is reported at its first findings`);
    feed.enqueue(enc.encode('data: {"ok":true}\n\n'));
    await reader.read();
    await settle();
    assert.equal(c.events.length, 1, `${mode}: not again per chunk`);
    feed.enqueue(enc.encode('data: {"email":"maria.garcia@example.com"}\n\n'));
    await reader.read();
    await reader.cancel();
    await settle();
    assert.equal(c.events.length, 2, `${mode}: what was found after the first report is reported when the client leaves`);
    assert.deepEqual(c.events.map((e) => e.mitigation), mode === 'redact' ? ['redacted', 'redacted'] : ['none', 'none']);
  }
  // Block mode cuts a body over maxBufferBytes with an error: the exposure is still reported, once.
  const c = collector();
  const big = 'filler line without identifiers\n'.repeat(400) + `Patient SSN ${SSN}\n` + 'more filler\n'.repeat(100);
  const res = await wrapRouteHandler(() => new Response(big, { headers: { 'content-type': 'text/plain' } }),
    { ...never, mode: 'block', maxBufferBytes: 1024, onEvent: c.onEvent })(req(), {});
  await assert.rejects(res.text(), /withheld/);
  await settle();
  assert.deepEqual(c.events.map((e) => e.mitigation), ['blocked']);
});

test('content-encoding deflate is read as browsers read it: zlib-wrapped or raw DEFLATE, even a byte at a time', async () => {
  const { deflateSync, deflateRawSync } = await import('node:zlib');
  const text = `Patient Maria Garcia SSN ${SSN}`;
  const byteByByte = (bytes) => new ReadableStream({ start(c) { for (const b of bytes) c.enqueue(Uint8Array.of(b)); c.close(); } });
  for (const [name, deflate] of [['raw', deflateRawSync], ['zlib', deflateSync]]) {
    for (const [how, body] of [['whole', deflate(text)], ['a byte at a time', byteByByte(deflate(text))], ['over maxBufferBytes', deflate('filler line\n'.repeat(40_000) + text)]]) {
      const res = await route(body, { 'content-type': 'text/plain', 'content-encoding': 'deflate' });
      assert.equal(res.headers.get('content-encoding'), null, `${name}, ${how}`);
      assert.equal(res.headers.get('x-phi-guard'), 'redacted', `${name}, ${how}`);
      assert.ok((await res.text()).endsWith('Patient [NAME] SSN [SSN]'), `${name}, ${how}`);
    }
  }
  // A client that leaves before the two bytes that tell which came: the upstream body is cancelled, as for gzip.
  for (const [encoding, first] of [['deflate', null], ['deflate', 0x78], ['gzip', 0x1f]]) {
    let upstreamCancelled = false;
    const upstream = new ReadableStream({ start(c) { if (first !== null) c.enqueue(Uint8Array.of(first)); }, pull: () => new Promise(() => {}), cancel() { upstreamCancelled = true; } });
    const live = await route(upstream, { 'content-type': 'text/event-stream', 'content-encoding': encoding }, { ...never, maxBufferBytes: 1 });
    const reader = live.body.getReader();
    reader.read().catch(() => {});
    await new Promise((r) => setTimeout(r, 20));
    await reader.cancel('client left');
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(upstreamCancelled, `${encoding}, first byte ${first}`);
  }
  // Bytes that are neither are still corrupt: failMode decides, as for gzip.
  const corrupt = await route(Uint8Array.of(0x78, 0x9c, 1, 2, 3, 4), { 'content-type': 'text/plain', 'content-encoding': 'deflate' });
  assert.equal(corrupt.headers.get('x-phi-guard'), 'unscanned-failure');
});
