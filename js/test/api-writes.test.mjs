// A Pages Router API route that writes its body with `res.write` (CSV
// exports, server-sent events, large bodies), wrapped by wrapApiHandler and
// served by a real Node http server. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { createGuard } from 'phi-guard';
import { wrapApiHandler } from 'phi-guard/next';
import { emitted } from './support/emit-log.mjs';

const guard = await createGuard();
const SSN = '219-09-9999';
const EMAIL = 'zoltan.quibble@example.com';

/** Serves one request with `handler` wrapped under `policy`; resolves to the response and the events reported. */
async function serve(handler, policy = {}, onResponse) {
  const events = [];
  const wrapped = wrapApiHandler(handler, { guard, route: '/api/export', returnsPhi: 'never', onEvent: (e) => events.push(e), ...policy });
  const server = createServer((req, res) => { wrapped(req, res).catch((e) => { res.statusCode = 599; res.end(String(e)); }); });
  server.listen(0);
  await once(server, 'listening');
  try {
    const res = await fetch(`http://127.0.0.1:${server.address().port}/api/export`, { redirect: 'manual' });
    const body = onResponse ? await onResponse(res) : await res.text();
    emitted('api-writes', body);
    return { res, body, events };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('rows written with res.write are scanned as one body with what res.end adds', async () => {
  const callbacks = [];
  const { res, body, events } = await serve((req, res) => {
    res.setHeader('content-type', 'text/csv');
    res.write('name,ssn,email\n', () => callbacks.push(1));
    res.write(`Zoltan Quibble,${SSN.slice(0, 7)}`); // a value split across two writes
    res.write(Buffer.from(`${SSN.slice(7)},${EMAIL}\n`), 'utf8', () => callbacks.push(2));
    res.end(`Ysolde Pembrook,219-09-9998,ysolde@example.com\n`);
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  for (const p of [SSN, '219-09-9998', EMAIL, 'ysolde@example.com']) assert.ok(!body.includes(p), `leaked ${p}: ${body}`);
  assert.ok(body.startsWith('name,ssn,email\n'), body);
  assert.match(body, /\[SSN\],\[EMAIL\]\n/);
  assert.deepEqual(callbacks, [1, 2], 'write callbacks are called');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(events.length, 1);
  assert.equal(events[0].mitigation, 'redacted');
});

test('res.end() with no argument after writes ends the held body, scanned', async () => {
  const { body } = await serve((req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.write(`ssn ${SSN}`);
    res.end();
  });
  assert.equal(body, 'ssn [SSN]');
});

test('past maxBufferBytes the writes are redacted as a stream, every byte but the PHI kept', async () => {
  const line = (i) => `row ${String(i).padStart(5, '0')} ssn ${SSN} mail ${EMAIL} ok\n`;
  const { res, body } = await serve((req, res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    for (let i = 0; i < 2000; i++) res.write(line(i));
    res.end();
  }, { maxBufferBytes: 4096 });
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  let expected = '';
  for (let i = 0; i < 2000; i++) expected += `row ${String(i).padStart(5, '0')} ssn [SSN] mail [EMAIL] ok\n`;
  assert.equal(body, expected);
});

test('an event stream is redacted as it is written, not held until the end', async () => {
  let release;
  const gate = new Promise((r) => { release = r; });
  const { res, body } = await serve(async (req, res) => {
    res.setHeader('content-type', 'text/event-stream');
    res.write(`data: visit for ${EMAIL}\n\n`);
    await gate; // the client reads the first event before the handler goes on
    res.write(`data: ssn ${SSN}\n\n`);
    res.end();
  }, {}, async (r) => {
    const reader = r.body.getReader();
    const dec = new TextDecoder();
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    const first = text;
    release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    assert.ok(first.includes('data: visit for [EMAIL]'), first);
    return text;
  });
  assert.equal(res.headers.get('x-phi-guard'), 'redacted');
  assert.equal(body, 'data: visit for [EMAIL]\n\ndata: ssn [SSN]\n\n');
});

test('writes pass unchanged to a caller allowed PHI, and for a binary type', async () => {
  const allowed = await serve((req, res) => { res.setHeader('content-type', 'text/csv'); res.write(`ssn,${SSN}\n`); res.end(); }, { returnsPhi: 'allowed' });
  assert.equal(allowed.body, `ssn,${SSN}\n`);
  assert.equal(allowed.res.headers.get('x-phi-guard'), 'unscanned-allowed');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const image = await serve((req, res) => { res.setHeader('content-type', 'image/png'); res.write(png); res.end(Buffer.from(SSN)); }, {}, async (r) => Buffer.from(await r.arrayBuffer()).toString('latin1'));
  assert.equal(image.res.headers.get('x-phi-guard'), 'unscanned-binary');
  assert.equal(image.body, Buffer.concat([png, Buffer.from(SSN)]).toString('latin1'));
});

test('block: written PHI is never sent; held, the response is withheld; streamed, it is cut short', async () => {
  const held = await serve((req, res) => { res.setHeader('content-type', 'text/plain'); res.write(`ssn ${SSN}`); res.end(); }, { mode: 'block' });
  assert.equal(held.res.status, 500);
  assert.ok(!held.body.includes(SSN));
  const streamed = await serve((req, res) => {
    res.setHeader('content-type', 'text/event-stream');
    res.write('data: hello\n\n');
    res.write(`data: ssn ${SSN}\n\n`);
    res.end();
  }, { mode: 'block' }, async (r) => {
    try { return await r.text(); } catch { return '(cut)'; }
  });
  assert.ok(!streamed.body.includes(SSN), streamed.body);
});

test('an event stream that never ends is reported once its first findings are written', async () => {
  const { body, events } = await serve((req, res) => {
    res.setHeader('content-type', 'text/event-stream');
    res.write(`data: ssn ${SSN}\n\n`);
    // A live feed: never ended (the client reads the first event and leaves).
  }, {}, async (r) => {
    const reader = r.body.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    return new TextDecoder().decode(value);
  });
  assert.equal(body, 'data: ssn [SSN]\n\n');
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(events.map((e) => e.mitigation), ['redacted']);
});

test('response headers are scanned: a redirect\'s location, a download\'s file name, an app\'s own header', async () => {
  const redirect = await serve((req, res) => {
    res.writeHead(307, { Location: `/results?email=${encodeURIComponent(EMAIL)}&tab=2` });
    res.end();
  }, {}, async (r) => r.status);
  assert.equal(redirect.body, 307);
  assert.equal(redirect.res.headers.get('location'), '/results?email=[EMAIL]&tab=2');
  assert.equal(redirect.res.headers.get('x-phi-guard'), 'redacted');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(redirect.events.length, 1);

  const download = await serve((req, res) => {
    res.setHeader('content-type', 'text/csv');
    res.setHeader('content-disposition', `attachment; filename="${EMAIL}.csv"`);
    res.setHeader('x-patient-ssn', SSN);
    res.setHeader('set-cookie', ['session=abc123; HttpOnly']);
    res.end('visits\n3\n');
  });
  assert.equal(download.body, 'visits\n3\n');
  assert.equal(download.res.headers.get('content-disposition'), 'attachment; filename="[EMAIL]"');
  assert.equal(download.res.headers.get('x-patient-ssn'), '[SSN]');
  assert.equal(download.res.headers.get('set-cookie'), 'session=abc123; HttpOnly');
  assert.equal(download.res.headers.get('x-phi-guard'), 'redacted');

  // The app's own page of a record is navigation, not PHI.
  const own = await serve((req, res) => { res.writeHead(303, { Location: '/patients/42' }); res.end(); }, {}, async (r) => r.status);
  assert.equal(own.res.headers.get('location'), '/patients/42');
  assert.equal(own.res.headers.get('x-phi-guard'), null);

  const allowed = await serve((req, res) => { res.setHeader('x-patient-ssn', SSN); res.end('ok'); }, { returnsPhi: 'allowed' });
  assert.equal(allowed.res.headers.get('x-patient-ssn'), SSN);

  const blocked = await serve((req, res) => { res.setHeader('x-patient-ssn', SSN); res.end('ok'); }, { mode: 'block' });
  assert.equal(blocked.res.status, 500);
  assert.equal(blocked.res.headers.get('x-patient-ssn'), null, 'a withheld response drops the header too');
  assert.equal(blocked.res.headers.get('x-phi-guard'), 'blocked');
});

test('headers set late or through writeHead are scanned: after a held write, as a raw list, with a content-length', async () => {
  const late = await serve((req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.write('hello ');
    res.setHeader('x-patient-ssn', SSN);
    res.appendHeader?.('x-note', `mail ${EMAIL}`);
    res.end('world');
  });
  assert.equal(late.body, 'hello world');
  assert.equal(late.res.headers.get('x-patient-ssn'), '[SSN]');
  if (late.res.headers.get('x-note') !== null) assert.equal(late.res.headers.get('x-note'), 'mail [EMAIL]');
  assert.equal(late.res.headers.get('x-phi-guard'), 'redacted');

  const raw = await serve((req, res) => { res.writeHead(200, ['content-type', 'text/plain', 'x-patient', `ssn ${SSN}`]); res.end('ok'); });
  assert.equal(raw.res.headers.get('x-patient'), 'ssn [SSN]');
  assert.equal(raw.res.headers.get('content-type'), 'text/plain');

  const afterWrite = await serve((req, res) => { res.write('a'); res.writeHead(201, { 'x-patient': `ssn ${SSN}` }); res.end('b'); });
  assert.equal(afterWrite.res.status, 201);
  assert.equal(afterWrite.res.headers.get('x-patient'), 'ssn [SSN]');

  // A content-length given to writeHead for the raw body: the redacted body is shorter and must not hang the client.
  const b = `ssn ${SSN} email ${EMAIL}`;
  const sized = await serve((req, res) => { res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(b) }); res.end(b); });
  assert.equal(sized.body, 'ssn [SSN] email [EMAIL]');
});

test('writeHead before the body: an event stream is still sent event by event, a binary download byte for byte', async () => {
  let release;
  const gate = new Promise((r) => { release = r; });
  const sse = await serve(async (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`data: ssn ${SSN}\n\n`);
    await gate;
    res.end();
  }, {}, async (r) => {
    const reader = r.body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    release();
    while (!(await reader.read()).done);
    return first;
  });
  assert.equal(sse.body, 'data: ssn [SSN]\n\n');

  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300_000, 0xff)]);
  const image = await serve((req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    for (let i = 0; i < png.length; i += 65536) res.write(png.subarray(i, i + 65536));
    res.end();
  }, { maxBufferBytes: 100_000 }, async (r) => Buffer.from(await r.arrayBuffer()));
  assert.equal(image.res.headers.get('x-phi-guard'), 'unscanned-binary');
  assert.ok(image.body.equals(png), 'the same bytes');
});

test('an event longer than the limit is not cut inside a value where its chunks happened to end', async () => {
  const event = `data: {"note":"${'x '.repeat(40_000)} ssn ${SSN}"}\n\n`;
  const { body } = await serve(async (req, res) => {
    res.setHeader('content-type', 'text/event-stream');
    const bytes = Buffer.from(event);
    const split = bytes.indexOf('9-9999'); // the chunks split the SSN
    for (const part of [bytes.subarray(0, split), bytes.subarray(split)]) {
      for (let i = 0; i < part.length; i += 4096) res.write(part.subarray(i, i + 4096));
    }
    res.end();
  });
  assert.ok(!body.includes(SSN), 'the SSN is redacted');
  assert.ok(body.endsWith(' ssn [SSN]"}\n\n'));
  assert.equal(body.length, event.length - SSN.length + '[SSN]'.length);
});

test('a streamed body keeps the client\'s pace: write says wait, and drain comes', async () => {
  const line = `row ssn ${SSN} ${'x'.repeat(200)}\n`;
  let falses = 0;
  let written = 0;
  const { body } = await serve(async (req, res) => {
    res.setHeader('content-type', 'text/plain');
    for (let i = 0; i < 20_000; i++) {
      written++;
      if (!res.write(line)) { falses++; await once(res, 'drain'); }
    }
    res.end();
  }, { maxBufferBytes: 64 * 1024 }, async (r) => {
    // A slow reader: the body is read in full, but only after a pause.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return r.text();
  });
  assert.equal(written, 20_000);
  assert.ok(falses > 0, 'write returned false at least once');
  assert.equal(body.split('\n').length - 1, 20_000);
  assert.ok(!body.includes(SSN));
});

test('block: callbacks of writes cut short still run, and the handler finishes', async () => {
  let finished = false;
  const wrapped = wrapApiHandler(async (req, res) => {
    res.setHeader('content-type', 'text/plain');
    for (let i = 0; i < 100; i++) await new Promise((resolve) => res.write(i === 50 ? `ssn ${SSN}\n` : `row ${i}\n`, resolve));
    await new Promise((resolve) => res.end(resolve));
    finished = true;
  }, { guard, route: '/api/export', returnsPhi: 'never', mode: 'block', maxBufferBytes: 100 });
  const server = createServer((req, res) => { wrapped(req, res).catch(() => undefined); });
  server.listen(0);
  await once(server, 'listening');
  try {
    const got = await fetch(`http://127.0.0.1:${server.address().port}/`).then((r) => r.text()).catch(() => '(cut)');
    assert.ok(!got.includes(SSN));
    for (let i = 0; i < 50 && !finished; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(finished, 'the handler was not left waiting');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a second end after writes is ignored as Node ignores it; a reason phrase with PHI is left out; flushHeaders sends the headers at once', async () => {
  const twice = await serve((req, res) => { res.write('hello'); res.end(); res.end(); });
  assert.equal(twice.body, 'hello');

  const phrase = await serve((req, res) => { res.writeHead(418, `Teapot SSN ${SSN}`, { 'x-b': EMAIL }); res.end('x'); }, {}, async (r) => `${r.status} ${r.statusText}`);
  assert.equal(phrase.body.startsWith('418 '), true);
  assert.ok(!phrase.body.includes(SSN), phrase.body);
  assert.equal(phrase.res.headers.get('x-b'), '[EMAIL]');

  let release;
  const gate = new Promise((r) => { release = r; });
  const early = await serve(async (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-who': EMAIL });
    res.flushHeaders();
    await gate; // the client has the headers before any event
    res.write(`data: ssn ${SSN}\n\n`);
    res.end();
  }, {}, async (r) => {
    const headers = [r.headers.get('x-who'), r.headers.get('x-phi-guard')];
    release();
    return [headers, await r.text()];
  });
  assert.deepEqual(early.body, [['[EMAIL]', 'redacted'], 'data: ssn [SSN]\n\n']);
});
