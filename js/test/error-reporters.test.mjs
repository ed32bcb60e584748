// createSignalRelay and captureRequestError against hostile input, on the
// built package: client-supplied ids, errors and contexts that throw when
// read, bodies that never finish. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createGuard, PhiGuardError } from 'phi-guard';
import { captureRequestError, createSignalRelay } from 'phi-guard/next';
import { emitted } from './support/emit-log.mjs';

const guard = await createGuard();
const PHI = ['219-09-9999', '2190999999', 'Zoltan_Quibble', 'Zoltan', '5551234567', 'maria.garcia@example.com', 'Maria Garcia'];
const noPhi = (s) => { for (const p of PHI) assert.ok(!String(s).includes(p), `leaked ${p}`); };
const ORIGIN = 'https://app.example.com';
const req = { path: '/patients/p-1001?ssn=219-09-9999', method: 'GET', headers: {} };
const ctx = { routerKind: 'App Router', routePath: '/patients/[id]', routeType: 'render' };

/** The real guard, except that `scan` also flags the whole of `flag` (a stand-in for an id the guard finds PHI in). */
function guardFlagging(flag) {
  return {
    scan: (text, opts) => (text === flag
      ? { findings: [{ type: 'SSN', start: 0, end: text.length, confidence: 0.99 }] }
      : guard.scan(text, opts)),
    redactText: (...a) => guard.redactText(...a),
    redactValue: (...a) => guard.redactValue(...a),
    classify: (...a) => guard.classify(...a),
  };
}

function relayWith(options = {}) {
  const logged = [];
  const events = [];
  const POST = createSignalRelay({
    guard, allowedOrigins: [ORIGIN], log: (l) => { logged.push(l); emitted('relay-log', l); },
    onEvent: (e) => { events.push(e); emitted('event-summary', e); }, ...options,
  });
  const post = (body) => POST(new Request(`${ORIGIN}/api/phi-guard/relay`, {
    method: 'POST', headers: { origin: ORIGIN }, body: typeof body === 'string' ? body : JSON.stringify(body),
  }));
  return { POST, post, logged, events };
}

function hookWith(options = {}) {
  const logged = [];
  const events = [];
  const hook = captureRequestError({
    guard, log: (l) => { logged.push(l); emitted('hook-log', l); },
    onEvent: (e) => { events.push(e); emitted('event-summary', e); }, ...options,
  });
  return { hook, logged, events };
}

// --- 1. client-supplied ids ---------------------------------------------------

test('relay: a referenceId is logged only as the UUID the React components make, else "(ref withheld)"', async () => {
  const r = relayWith({ rateLimit: false }); // 11 reports from one client: more than the rate limit lets through at once
  for (const referenceId of ['219-09-9999', 'Zoltan_Quibble', '5551234567', 5551234567, 'ref-1', `${randomUUID()}x`, ['219-09-9999']]) {
    assert.equal((await r.post({ message: 'chart failed for [NAME]', referenceId })).status, 202);
    assert.match(r.logged.at(-1), /^\[phi-guard\] client error on \/unknown \(ref withheld\): chart failed for \[NAME\]$/, JSON.stringify(typeof referenceId));
  }
  noPhi(r.logged.join('\n'));
  const id = randomUUID();
  await r.post({ message: 'chart failed for [NAME]', referenceId: id });
  assert.equal(r.logged.at(-1), `[phi-guard] client error on /unknown (ref ${id}): chart failed for [NAME]`);
  // The fallback form of newReferenceId (no crypto.randomUUID), upper case too.
  for (const ok of ['0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', 'AB12CD34-EF56-4A78-9B01-23456789ABCD']) {
    await r.post({ message: 'x', referenceId: ok });
    assert.ok(r.logged.at(-1).includes(`(ref ${ok})`), ok);
  }
  await r.post({ message: 'x' });
  assert.equal(r.logged.at(-1), '[phi-guard] client error on /unknown: x', 'no id, no note');
});

test('relay: a well-formed referenceId the guard finds PHI in is withheld', async () => {
  const id = randomUUID();
  const r = relayWith({ guard: guardFlagging(id) });
  assert.equal((await r.post({ message: 'x', referenceId: id })).status, 202);
  assert.equal(r.logged.at(-1), '[phi-guard] client error on /unknown (ref withheld): x');
});

test('relay: a route segment a URL path does not carry (line break, space) becomes [id] in the log and the event', async () => {
  const r = relayWith();
  await r.post({ message: 'x', route: '/patients/x\n[phi-guard] forged line/chart' });
  await r.post({ message: 'x', route: '/patients/Zoltan Quibble/chart' });
  await new Promise((res) => setImmediate(res));
  assert.deepEqual(r.logged, ['[phi-guard] client error on /patients/[id]/chart: x', '[phi-guard] client error on /patients/[id]/chart: x']);
  assert.deepEqual(r.events.map((e) => e.route), ['/patients/[id]/chart', '/patients/[id]/chart']);
  noPhi(JSON.stringify(r.events));
});

test('captureRequestError: a digest is logged only in the form Next.js computes, else "(digest withheld)"', async () => {
  const h = hookWith();
  for (const digest of ['219-09-9999', 'Zoltan_Quibble', '5551234567', '4294967296', '02437698463', 'render-1', 2437698463, ' 2437698463']) {
    await h.hook(Object.assign(new Error('no chart for Maria Garcia'), { digest }), req, ctx);
    assert.match(h.logged.at(-1), /^\[phi-guard\] render error on \/patients\/\[id\] \(digest withheld\): Error: no chart for \[NAME\]/, String(digest));
  }
  noPhi(h.logged.join('\n'));
  for (const digest of ['2437698463', '4294967295', '0', '12345']) {
    await h.hook(Object.assign(new Error('x'), { digest }), req, ctx);
    assert.match(h.logged.at(-1), new RegExp(`^\\[phi-guard\\] render error on /patients/\\[id\\] \\(digest ${digest}\\): Error: x`), digest);
  }
  await h.hook(new Error('x'), req, ctx);
  assert.match(h.logged.at(-1), /^\[phi-guard\] render error on \/patients\/\[id\]: Error: x/, 'no digest, no note');
});

test('captureRequestError: a well-formed digest the guard finds PHI in is withheld, also on the failure path', async () => {
  const h = hookWith({ guard: guardFlagging('2190999999') });
  await h.hook(Object.assign(new Error('x'), { digest: '2190999999' }), req, ctx);
  assert.match(h.logged.at(-1), /\(digest withheld\): Error: x/);
  // The guard cannot start: nothing checked the digest, so it is withheld.
  const down = hookWith({ guard: () => { throw new Error('no engine'); } });
  await down.hook(Object.assign(new Error('x'), { digest: '2437698463' }), req, ctx);
  assert.equal(down.logged.at(-1), '[phi-guard] error on /patients/[id] (digest withheld): details withheld (redaction failed: init)');
  noPhi(h.logged.join('\n'));
});

test('captureRequestError: routePath and routeType are templated and checked before they reach the log or the event', async () => {
  const h = hookWith();
  await h.hook(new Error('x'), req, { routerKind: 'App Router', routePath: '/patients/219-09-9999\n[phi-guard] forged', routeType: 'render Zoltan_Quibble' });
  await h.hook(new Error('x'), req, { routerKind: 'App Router', routePath: '/patients/[id]', routeType: 'action' });
  assert.match(h.logged[0], /^\[phi-guard\] request error on \/patients\/\[id\]: Error: x/);
  assert.match(h.logged[1], /^\[phi-guard\] action error on \/patients\/\[id\]: Error: x/);
  assert.deepEqual(h.events.map((e) => [e.channel, e.route]), [['server_error', '/patients/[id]'], ['server_error', '/patients/[id]']]);
  noPhi(h.logged.join('\n'));
  noPhi(JSON.stringify(h.events));
});

// --- 2. captureRequestError never rejects -------------------------------------

test('captureRequestError resolves on errors and contexts that throw when read, and logs "details withheld"', async () => {
  const boom = () => { throw new Error('getter saw 219-09-9999'); };
  const revoked = () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; };
  const hostile = {
    'no prototype': Object.create(null),
    'message getter throws': { get message() { return boom(); } },
    'stack getter throws': Object.defineProperty(new Error('x'), 'stack', { get: boom }),
    'toString throws': { toString: boom },
    'revoked Proxy': revoked(),
    'Proxy whose get trap throws': new Proxy({}, { get: boom }),
  };
  for (const [name, error] of Object.entries(hostile)) {
    const h = hookWith();
    const outcome = await h.hook(error, req, ctx).then(() => 'resolved', (e) => `rejected: ${e?.message}`);
    assert.equal(outcome, 'resolved', name);
    assert.equal(h.logged.length, 1, name);
    assert.match(h.logged[0], /^\[phi-guard\] error on \/patients\/\[id\]( \(digest withheld\))?: details withheld \(error unreadable\)$/, name);
    assert.deepEqual(h.events.map((e) => e.channel), ['guard_failure'], name);
    noPhi(h.logged.join('\n'));
    noPhi(JSON.stringify(h.events));
  }
  // A digest getter that throws: the error itself is still readable and reported.
  const h = hookWith();
  await h.hook(Object.defineProperty(new Error('no chart for Maria Garcia'), 'digest', { get: boom }), req, ctx);
  assert.match(h.logged[0], /^\[phi-guard\] render error on \/patients\/\[id\] \(digest withheld\): Error: no chart for \[NAME\]/);
  noPhi(h.logged.join('\n'));
});

test('captureRequestError resolves on contexts that throw when read (route "unknown")', async () => {
  const boom = () => { throw new Error('ctx saw 219-09-9999'); };
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  for (const context of [{ get routePath() { return boom(); }, routeType: 'render' }, { routePath: '/x', get routeType() { return boom(); } }, proxy, null, undefined]) {
    const h = hookWith();
    const outcome = await h.hook(new Error('no chart for Maria Garcia'), req, context).then(() => 'resolved', (e) => `rejected: ${e?.message}`);
    assert.equal(outcome, 'resolved');
    assert.equal(h.logged.length, 1);
    assert.match(h.logged[0], /^\[phi-guard\] (request|render) error on (unknown|\/x): Error: no chart for \[NAME\]/);
    assert.deepEqual(h.events.map((e) => e.channel), ['server_error']);
    noPhi(h.logged.join('\n'));
  }
  // Both at once, and a guard whose redactText throws a hostile value.
  const h = hookWith({ guard: { scan: () => ({ findings: [] }), redactText: () => { throw Object.create(null); } } });
  assert.equal(await h.hook(revoked(), req, proxy).then(() => 'resolved', () => 'rejected'), 'resolved');
  assert.equal(await h.hook(new Error('x'), req, ctx).then(() => 'resolved', () => 'rejected'), 'resolved');
  assert.match(h.logged.at(-1), /details withheld \(redaction failed: /);
  function revoked() { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }
});

// --- 3. the relay's read deadline ---------------------------------------------

/** The relay's answer, or 'still pending' if none came within 5 s (far beyond the deadlines used here). */
async function settle(p) {
  let timer;
  try {
    return await Promise.race([p, new Promise((r) => { timer = setTimeout(() => r('still pending'), 5000); })]);
  } finally {
    clearTimeout(timer);
  }
}

test('relay: a body that never finishes is answered 408 at readTimeoutMs and cancelled', async () => {
  const { POST } = relayWith({ readTimeoutMs: 50 });
  let cancelled = false;
  const body = new ReadableStream({
    start(c) { c.enqueue(new TextEncoder().encode('{"message":"')); }, // never closes
    cancel() { cancelled = true; },
  });
  const res = await settle(POST(new Request(`${ORIGIN}/r`, { method: 'POST', body, duplex: 'half', headers: { origin: ORIGIN } })));
  assert.notEqual(res, 'still pending', 'the relay answered');
  assert.equal(res.status, 408);
  assert.deepEqual(await res.json(), { error: 'request_timeout' });
  for (let i = 0; i < 50 && !cancelled; i++) await new Promise((r) => setImmediate(r));
  assert.ok(cancelled, 'the body was cancelled');
});

test('relay: a body trickling in slower than readTimeoutMs allows is answered 408 (the deadline is for the whole body)', async () => {
  const { POST } = relayWith({ readTimeoutMs: 50 });
  // 200 one-byte chunks at least 5 ms apart: it cannot finish within 50 ms,
  // and without a deadline it would be accepted (a valid report).
  const parts = ['{"message":"', ...Array(200).fill('a'), '"}'];
  let cancelled = false;
  const body = new ReadableStream({
    async pull(c) {
      await new Promise((r) => setTimeout(r, 5));
      const part = parts.shift();
      if (part === undefined) c.close(); else c.enqueue(new TextEncoder().encode(part));
    },
    cancel() { cancelled = true; },
  });
  const res = await settle(POST(new Request(`${ORIGIN}/r`, { method: 'POST', body, duplex: 'half', headers: { origin: ORIGIN } })));
  assert.notEqual(res, 'still pending', 'the relay answered');
  assert.equal(res.status, 408);
  assert.deepEqual(await res.json(), { error: 'request_timeout' });
  for (let i = 0; i < 50 && !cancelled; i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cancelled, 'the body was cancelled');
});

test('relay: readTimeoutMs must be an integer from 1 to 2147483647; a prompt body is unaffected', async () => {
  for (const readTimeoutMs of [0, -1, 1.5, Number.NaN, Infinity, 2 ** 31, '100']) {
    assert.throws(() => createSignalRelay({ guard, readTimeoutMs }), (e) => e instanceof PhiGuardError && e.code === 'input' && /readTimeoutMs/.test(e.message), String(readTimeoutMs));
  }
  const r = relayWith({ readTimeoutMs: 2 ** 31 - 1 });
  assert.equal((await r.post({ message: 'ok' })).status, 202);
  const d = relayWith();
  assert.equal((await d.post({ message: 'ok' })).status, 202, 'the default deadline');
});

// --- 4. captureRequestError scans a bounded text ------------------------------

/** The first line of a hook's log line, and the count of its `… [N characters cut]` marker (undefined without one). */
function firstLine(line) {
  const first = line.split('\n')[0];
  const m = / ?\u2026 \[(\d+) characters cut\]$/.exec(first);
  return { first, head: m ? first.slice(0, m.index) : first, cut: m ? Number(m[1]) : undefined };
}

/** A hook that also keeps the full events its emitter receives (their `text` is what was scanned). */
function hookRecording(options = {}) {
  const raw = [];
  return { raw, ...hookWith({ emitter: { record: (_g, e) => { raw.push(e); } }, ...options }) };
}

test('captureRequestError: a 10 MB message is cut to 8 000 characters before it is scanned, and the line says how much', async () => {
  const h = hookRecording();
  const body = JSON.stringify({ note: 'lorem ipsum', ssn: '219-09-9999', name: 'Zoltan Quibble' }).repeat(170_000);
  const error = new Error(`bad payload: ${body}`);
  assert.ok(error.message.length > 10_000_000);
  await h.hook(error, req, ctx);
  assert.equal(h.logged.length, 1);
  const line = h.logged[0];
  const { head, cut } = firstLine(line);
  assert.match(head, /^\[phi-guard\] render error on \/patients\/\[id\]: Error: bad payload: \{"note":"lorem ipsum","ssn":"\[SSN\]","name":"\[NAME\]"\}/);
  // What was scanned (the event's text): `Error: `, at most 8 000 characters of the message, the frames.
  const text = h.raw[0].text;
  const kept = text.indexOf('\n') - 'Error: '.length;
  assert.ok(kept <= 8_000 && kept > 7_900, `kept ${kept} characters of the message`);
  assert.equal(cut, error.message.length - kept, 'the marker counts what was cut');
  assert.ok(text.length <= 'Error: '.length + 8_000 + 24_000, `scanned ${text.length} characters`);
  assert.ok(line.length < 'Error: '.length + 8_000 + 24_000 + 200, `logged ${line.length} characters`);
  assert.match(line.split('\n')[1], /^ {4}at /, 'the frames follow the cut message');
  assert.deepEqual(h.events.map((e) => e.channel), ['server_error']);
  noPhi(line);
});

const FILL = 'lorem ipsum dolor '.repeat(20);

/** Logs `FILL + before + value + after` with maxMessageChars cutting at each character inside `value`; returns each line's head and cut count. */
async function cutAtEveryCharacter(before, value, after = ' end of the report') {
  const out = [];
  for (let into = 1; into < value.length; into++) {
    const message = `${FILL}${before}${value}${after}`;
    const max = FILL.length + before.length + into;
    const h = hookWith({ maxMessageChars: max });
    await h.hook(new Error(message), req, ctx);
    const { head, cut } = firstLine(h.logged[0]);
    noPhi(h.logged[0]);
    out.push({ into, head, cut, length: message.length });
  }
  return out;
}

test('captureRequestError: a cut inside an SSN, a name or an e-mail address leaves no piece of it', async () => {
  const cases = [
    ['ssn ', '219-09-9999', 'dolor ssn'],
    ['no chart for ', 'Maria Garcia', 'dolor no chart for'], // "Maria" alone would pass: the cut moves before the whole name
    ['patient ', 'Zoltan Quibble', 'dolor patient'],
    ['mail ', 'maria.garcia@example.com', 'dolor mail'],
    ['call ', '(555) 123-4567', 'dolor call'],
  ];
  for (const [before, value, ends] of cases) {
    for (const { into, head, cut, length } of await cutAtEveryCharacter(before, value)) {
      assert.ok(head.endsWith(`: Error: ${FILL}${before}`.trimEnd()) && head.endsWith(ends), `${value} cut after ${into}: ${head.slice(-40)}`);
      assert.equal(cut, length - FILL.length - before.trimEnd().length, `${value} cut after ${into}`);
    }
  }
});

test('captureRequestError: a cut in text without whitespace (JSON, digits) or inside a surrogate pair leaves no piece of a value', async () => {
  // Minified JSON: the cut moves back to the last delimiter before the value.
  const json = '{"a":"b"},'.repeat(40);
  for (let into = 1; into < 11; into++) {
    const message = `${json}{"ssn":"219-09-9999","mrn":"x"}`;
    const h = hookWith({ maxMessageChars: json.length + 8 + into });
    await h.hook(new Error(message), req, ctx);
    const { head, cut } = firstLine(h.logged[0]);
    assert.ok(head.endsWith(`${json}{"ssn":"`), `cut after ${into}: ${head.slice(-30)}`);
    assert.equal(cut, message.length - json.length - 8);
    noPhi(h.logged[0]);
  }
  // One token of 30 000 digits: nothing of it is kept; the frames still are.
  const h = hookWith();
  await h.hook(new Error('2190999999'.repeat(3_000)), req, ctx);
  const { head, cut } = firstLine(h.logged[0]);
  assert.equal(head, '[phi-guard] render error on /patients/[id]: Error:');
  assert.equal(cut, 30_000);
  assert.match(h.logged[0].split('\n')[1], /^ {4}at /);
  noPhi(h.logged[0]);
  // A cut between the two halves of an emoji, or right after one: no lone half, no U+FFFD.
  for (const into of [1, 2, 3, 7]) {
    const e = hookWith({ maxMessageChars: FILL.length + into });
    await e.hook(new Error(`${FILL}\u{1F600}\u{1F600}\u{1F600}\u{1F600} end`), req, ctx);
    const l = firstLine(e.logged[0]);
    assert.ok(l.head.endsWith('lorem ipsum dolor'), `cut after ${into}: ${l.head.slice(-20)}`);
    assert.doesNotMatch(e.logged[0], /[\uD800-\uDFFF\uFFFD]/);
  }
});

test('captureRequestError: the frames are cut to maxStackChars (default 24 000) the same way', async () => {
  const frames = Array.from({ length: 3_000 }, (_, i) => `    at chart${i} (/srv/app/patients/219-09-9999/chart.js:${i}:7)`).join('\n');
  for (const [options, max] of [[{}, 24_000], [{ maxStackChars: 5_000 }, 5_000]]) {
    const h = hookRecording(options);
    await h.hook(Object.assign(new Error('no chart for Maria Garcia'), { stack: `Error: no chart for Maria Garcia\n${frames}` }), req, ctx);
    const line = h.logged[0];
    const text = h.raw[0].text;
    const kept = text.length - 'Error: no chart for Maria Garcia'.length;
    assert.ok(kept <= max && kept > max - 200, `kept ${kept} characters of the frames`);
    const m = /(\S)( ?)\u2026 \[(\d+) characters cut\]$/.exec(line);
    assert.ok(m, 'the line ends with the marker');
    assert.equal(Number(m[3]), frames.length + 1 - kept);
    assert.match(line, /^\[phi-guard\] render error on \/patients\/\[id\]: Error: no chart for \[NAME\]\n {4}at chart0 /);
    assert.ok(line.length < max + 200, `logged ${line.length} characters`);
    noPhi(line);
  }
});

test('captureRequestError: maxMessageChars and maxStackChars are integers from 0 to 2147483647; 0 logs only what was cut', async () => {
  for (const name of ['maxMessageChars', 'maxStackChars']) {
    for (const value of [-1, 1.5, Number.NaN, Infinity, 2 ** 31, '100', null]) {
      assert.throws(() => captureRequestError({ guard, [name]: value }), (e) => e instanceof PhiGuardError && e.code === 'input' && e.message.includes(name), `${name}: ${String(value)}`);
    }
  }
  const h = hookWith({ maxMessageChars: 0, maxStackChars: 0 });
  await h.hook(Object.assign(new Error('no chart for Maria Garcia'), { stack: 'Error: no chart for Maria Garcia\n    at chart (/srv/app.js:1:1)' }), req, ctx);
  assert.equal(h.logged[0], '[phi-guard] render error on /patients/[id]: Error: \u2026 [25 characters cut] \u2026 [31 characters cut]');
  // A guard that fails while the cut is placed: the line is withheld, the promise resolves.
  const down = hookWith({ guard: { scan: () => { throw new PhiGuardError('trap', 'wasm trap'); }, redactText: (...a) => guard.redactText(...a) } });
  assert.equal(await down.hook(new Error(`${'x '.repeat(10_000)}219-09-9999`), req, ctx).then(() => 'resolved', () => 'rejected'), 'resolved');
  assert.match(down.logged[0], /details withheld \(redaction failed: trap\)$/);
});

test('relay: a message or stack cut inside an SSN or a name leaves no piece of it in the line or the event', async () => {
  const raw = [];
  const r = relayWith({ rateLimit: false, emitter: { record: (_g, e) => { raw.push(e); } } });
  const cases = [
    ['ssn', '219-09-9999', /\d/], // "219-09-99" is no SSN: redaction would pass it
    ['no chart for', 'Maria Garcia', /Mar|Gar|ria|cia/], // nor is "Maria Gar"
  ];
  const fill = FILL.repeat(100);
  for (const [field, max] of [['message', 8_000], ['stack', 30_000], ['componentStack', 30_000]]) {
    for (const [before, value, piece] of cases) {
      for (let into = 1; into < value.length; into++) {
        // `value` starts `into` characters before the field's limit.
        const text = `${fill.slice(0, max - into - before.length - 2)} ${before} ${value} end of the report ${fill.slice(0, 500)}`;
        assert.equal(text.indexOf(value), max - into);
        const at = `${field}: ${value} cut after ${into}`;
        assert.equal((await r.post({ message: 'x', [field]: text })).status, 202, at);
        const line = r.logged.at(-1);
        const m = /^\[phi-guard\] client error on \/unknown: (x\n)?([^]*?) ?\u2026 \[(\d+) characters cut\]$/.exec(line);
        assert.doesNotMatch(line.replace(/ ?\u2026 \[\d+ characters cut\]$/, ''), piece, `${at}: …${line.slice(-60)}`);
        assert.ok(m, `${at}: the line ends with the marker`);
        const event = raw.at(-1).text;
        const kept = field === 'message' ? event : event.slice('x\n'.length);
        assert.doesNotMatch(event, piece, `${at}: the event's text`);
        assert.ok(kept.endsWith(` ${before}`) && text.startsWith(kept), `${at}: …${kept.slice(-30)}`);
        assert.equal(m[2], kept, at);
        assert.equal(Number(m[3]), text.length - kept.length, `${at}: the marker counts what was cut`);
        noPhi(line);
      }
    }
  }
});

// --- 5. the relay's rate limit ------------------------------------------------

/** A relay whose rate limit runs on a clock the test moves; `from(ip)` posts a report as that client. */
function limitedRelay(rateLimit = {}, options = {}) {
  let t = 1_700_000_000_000;
  const r = relayWith({ rateLimit: { now: () => t, ...rateLimit }, ...options });
  const request = (headers, body = JSON.stringify({ message: 'chart failed for [NAME]' })) => new Request(`${ORIGIN}/api/phi-guard/relay`, {
    method: 'POST', headers: { origin: ORIGIN, ...headers }, body, duplex: 'half',
  });
  const from = (ip) => r.POST(request({ 'x-forwarded-for': `${ip}, 10.0.0.1` }));
  return { ...r, request, from, advance: (ms) => { t += ms; } };
}

const settled = () => new Promise((res) => setImmediate(res));

test('relay: the 11th report from one client at once is answered 429 with Retry-After, its body unread and no signal sent; other clients are not', async () => {
  const r = limitedRelay();
  for (let i = 0; i < 10; i++) assert.equal((await r.from('203.0.113.7')).status, 202, `report ${i + 1}`);
  await settled();
  assert.equal(r.events.length, 10);
  const timers = process.getActiveResourcesInfo().filter((k) => k === 'Timeout').length;
  // The 11th, with a body that counts its reads.
  let pulled = 0;
  const body = new ReadableStream({ pull(c) { pulled++; c.enqueue(new TextEncoder().encode('{"message":"219-09-9999"}')); c.close(); } }, { highWaterMark: 0 });
  const over = r.request({ 'x-forwarded-for': '203.0.113.7' }, body);
  const res = await r.POST(over);
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '2', '30 a minute: the next one in 2 s');
  assert.deepEqual(await res.json(), { error: 'too_many_requests' });
  assert.equal(pulled, 0, 'no byte of the body was read');
  assert.equal(over.bodyUsed, false);
  await settled();
  assert.equal(r.events.length, 10, 'no signal for it');
  assert.ok(process.getActiveResourcesInfo().filter((k) => k === 'Timeout').length <= timers, 'no timer left running');
  // Another client, one named by x-real-ip, and one without an address (the shared bucket) are unaffected.
  assert.equal((await r.from('198.51.100.23')).status, 202);
  assert.equal((await r.POST(r.request({ 'x-real-ip': '198.51.100.24' }))).status, 202);
  assert.equal((await r.POST(r.request({}))).status, 202);
  assert.equal((await r.from('203.0.113.7')).status, 429, 'still over');
  await settled();
  assert.equal(r.events.length, 13);
  // The log says how many were refused, never who sent them.
  assert.equal(r.logged.filter((l) => l.includes('rate limit')).length, 1, 'once a minute at most');
  assert.match(r.logged.find((l) => l.includes('rate limit')), /^\[phi-guard\] relay: 1 client error report over the rate limit answered 429/);
  for (const ip of ['203.0.113', '198.51.100', '10.0.0.1']) assert.ok(!r.logged.join('\n').includes(ip), `logged ${ip}`);
});

test('relay: a client over the limit is let through again as the bucket refills (30 a minute, at most 10 at once)', async () => {
  const r = limitedRelay();
  for (let i = 0; i < 10; i++) await r.from('203.0.113.7');
  assert.equal((await r.from('203.0.113.7')).status, 429);
  r.advance(1_000);
  const half = await r.from('203.0.113.7');
  assert.equal(half.status, 429);
  assert.equal(half.headers.get('retry-after'), '1');
  r.advance(1_000);
  assert.equal((await r.from('203.0.113.7')).status, 202, 'one report 2 s later');
  assert.equal((await r.from('203.0.113.7')).status, 429);
  // An hour later the bucket holds 10, not 1 800.
  r.advance(3_600_000);
  const statuses = [];
  for (let i = 0; i < 12; i++) statuses.push((await r.from('203.0.113.7')).status);
  assert.deepEqual(statuses, [...Array(10).fill(202), 429, 429]);
  // perMinute and burst as set; the note about refusals comes again once a minute has passed.
  const slow = limitedRelay({ perMinute: 0.5, burst: 2 });
  assert.deepEqual([await slow.from('a'), await slow.from('a'), await slow.from('a')].map((x) => x.status), [202, 202, 429]);
  assert.equal((await slow.from('a')).headers.get('retry-after'), '120');
  for (let i = 0; i < 3; i++) await slow.from('a');
  slow.advance(60_000);
  assert.equal((await slow.from('a')).status, 429, 'half a report refilled');
  const notes = slow.logged.filter((l) => l.includes('rate limit'));
  assert.equal(notes.length, 2);
  assert.match(notes[1], /: 5 client error reports over the rate limit answered 429/);
});

test('relay: at most maxClients buckets are kept; the client seen least recently is forgotten first', async () => {
  const r = limitedRelay({ burst: 1, maxClients: 100 });
  assert.equal((await r.from('203.0.113.7')).status, 202);
  assert.equal((await r.from('203.0.113.7')).status, 429);
  for (let i = 0; i < 99; i++) await r.from(`198.51.100.${i}`);
  assert.equal((await r.from('203.0.113.7')).status, 429, '100 clients tracked: still limited (and now the one seen last)');
  for (let i = 0; i < 99; i++) await r.from(`192.0.2.${i}`);
  assert.equal((await r.from('203.0.113.7')).status, 429, 'seen since: still tracked');
  for (let i = 0; i < 100; i++) await r.from(`198.18.0.${i}`);
  assert.equal((await r.from('203.0.113.7')).status, 202, '100 others since: forgotten, a full bucket again');
});

test('relay: rateLimit false lets every report through; key picks the client; bad values throw', async () => {
  const open = relayWith({ rateLimit: false });
  for (let i = 0; i < 50; i++) assert.equal((await open.post({ message: 'x' })).status, 202);
  // Behind a proxy that appends: the last address is the one no client chooses.
  const r = limitedRelay({ burst: 2, key: (request) => request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await r.from(`203.0.113.${i}`)).status); // a new first address each time
  assert.deepEqual(statuses, [202, 202, 429]);
  // A key that throws or gives nothing: the shared bucket, never an exception.
  const odd = limitedRelay({ burst: 1, key: () => { throw new Error('no key for 219-09-9999'); } });
  assert.deepEqual([(await odd.from('a')).status, (await odd.from('b')).status], [202, 429]);
  noPhi(odd.logged.join('\n'));
  for (const rateLimit of [null, true, 30, { perMinute: 0 }, { perMinute: -1 }, { perMinute: Infinity }, { burst: 0 }, { burst: 1.5 },
    { maxClients: 0 }, { maxClients: 2 ** 31 }, { key: 'x-real-ip' }, { now: 5 }]) {
    assert.throws(() => createSignalRelay({ guard, rateLimit }), (e) => e instanceof PhiGuardError && e.code === 'input' && /rateLimit/.test(e.message), JSON.stringify(rateLimit));
  }
});

test('captureRequestError: a cut that walks back through a token longer than its window still never stops inside a value', async () => {
  for (const [value, parts] of [['Maria Garcia', ['Maria', 'Garcia']], ['1600 Pennsylvania Avenue', ['1600', 'Pennsylvania']], ['(312) 555-0142', ['312', '555-0142']]]) {
    const h = hookWith();
    const label = value.startsWith('(') ? 'call' : value.startsWith('1600') ? 'address' : 'no chart for';
    const message = `${'x '.repeat(3800)}${label} ${value}:eyJ${'A'.repeat(700)}`;
    await h.hook(new Error(message), req, ctx);
    const { head, cut } = firstLine(h.logged[0]);
    assert.ok(cut > 700, `${value}: cut ${cut}`);
    for (const p of parts) assert.ok(!head.includes(p), `${value}: ${p} left in ${head.slice(-80)}`);
  }
});

// --- 6. captureRequestError shows causes, AggregateError items and own properties

/** The hook's line without its frames (lines starting `    at `). */
const withoutFrames = (line) => line.split('\n').filter((l) => !l.startsWith('    at ')).join('\n');

test('captureRequestError: the cause chain, AggregateError items and own properties are logged, redacted', async () => {
  const h = hookRecording();
  const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED', syscall: 'connect' });
  await h.hook(new TypeError('fetch failed', { cause: refused }), req, ctx);
  assert.equal(withoutFrames(h.logged[0]), [
    '[phi-guard] render error on /patients/[id]: TypeError: fetch failed',
    '  cause: Error: connect ECONNREFUSED 10.0.0.5:5432',
    '  cause properties: {"code":"ECONNREFUSED","syscall":"connect"}',
  ].join('\n'));
  assert.match(h.logged[0], /^ {2}cause: Error: connect ECONNREFUSED 10\.0\.0\.5:5432\n {4}at /m, "the cause's frames follow its message");
  assert.ok(h.raw[0].text.includes('cause: Error: connect ECONNREFUSED'), "the event's text holds the cause too");
  // PHI in a cause's message, a cause's cause, an item, a property: all redacted.
  await h.hook(new Error('chart load failed', { cause: new Error('lookup failed', { cause: new Error('no patient with SSN 219-09-9999') }) }), req, ctx);
  assert.equal(withoutFrames(h.logged[1]), [
    '[phi-guard] render error on /patients/[id]: Error: chart load failed',
    '  cause: Error: lookup failed',
    '  cause.cause: Error: no patient with SSN [SSN]',
  ].join('\n'));
  await h.hook(new AggregateError([new Error('chart service 503'), new Error('no chart for Maria Garcia')], 'All promises were rejected'), req, ctx);
  assert.equal(withoutFrames(h.logged[2]), [
    '[phi-guard] render error on /patients/[id]: AggregateError: All promises were rejected',
    '  errors[0]: Error: chart service 503',
    '  errors[1]: Error: no chart for [NAME]',
  ].join('\n'));
  await h.hook(Object.assign(new Error('Unique constraint failed'), { code: 'P2002', meta: { target: ['mrn'], ssn: '219099999', patient: 'Zoltan Quibble' } }), req, ctx);
  assert.equal(withoutFrames(h.logged[3]), [
    '[phi-guard] render error on /patients/[id]: Error: Unique constraint failed',
    '  properties: {"code":"P2002","meta":{"target":["mrn"],"ssn":"[SSN]","patient":"[NAME]"}}',
  ].join('\n'), 'nine digits under "ssn" are found: the keys are context, as in the logger');
  // A cause that is no Error: a string as error text, an object as its JSON.
  await h.hook(new Error('a', { cause: 'no chart for Maria Garcia' }), req, ctx);
  await h.hook(new Error('b', { cause: { ssn: '219-09-9999', retry: false } }), req, ctx);
  await h.hook(new Error('c', { cause: undefined }), req, ctx);
  assert.match(h.logged[4], /\n {2}cause: no chart for \[NAME\]$/);
  assert.match(h.logged[5], /\n {2}cause: \{"ssn":"\[SSN\]","retry":false\}$/);
  assert.match(h.logged[6], /\n {2}cause: undefined$/);
  // An error with none of these logs as before; a digest is not repeated as a property.
  await h.hook(Object.assign(new Error('plain'), { digest: '2437698463' }), req, ctx);
  assert.equal(withoutFrames(h.logged[7]), '[phi-guard] render error on /patients/[id] (digest 2437698463): Error: plain');
  assert.deepEqual(h.events.map((e) => e.channel), Array(8).fill('server_error'));
  noPhi(h.logged.join('\n'));
  noPhi(JSON.stringify(h.events));
});

test('captureRequestError: causes are shown 5 levels deep, 10 items of an AggregateError, 20 nested errors in all; a cycle is [Circular]', async () => {
  const h = hookWith();
  let chain = new Error('level 10');
  for (let i = 9; i >= 0; i--) chain = new Error(`level ${i}`, { cause: chain });
  await h.hook(chain, req, ctx);
  const lines = withoutFrames(h.logged[0]).split('\n');
  assert.deepEqual(lines.slice(1), [
    '  cause: Error: level 1', '  cause.cause: Error: level 2', '  cause.cause.cause: Error: level 3',
    '  cause.cause.cause.cause: Error: level 4', '  cause.cause.cause.cause.cause: Error: level 5',
    '  cause.cause.cause.cause.cause.cause: \u2026 [withheld: more than 5 levels]',
  ]);
  await h.hook(new AggregateError(Array.from({ length: 25 }, (_, i) => new Error(`item ${i} ssn 219-09-9999`)), 'all failed'), req, ctx);
  const items = withoutFrames(h.logged[1]).split('\n').slice(1);
  assert.equal(items.length, 11);
  assert.equal(items[9], '  errors[9]: Error: item 9 ssn [SSN]');
  assert.equal(items[10], '  errors: \u2026 [15 more errors]');
  // A wide tree: 10 items with 10 items each would be 110 errors; 20 are shown.
  const wide = new AggregateError(Array.from({ length: 10 }, (_, i) => new AggregateError(Array.from({ length: 10 }, (_, j) => new Error(`leaf ${i}.${j}`)), `branch ${i}`)), 'root');
  await h.hook(wide, req, ctx);
  const shown = withoutFrames(h.logged[2]).split('\n').filter((l) => /^ {2}\S+: \w*Error: /.test(l));
  assert.equal(shown.length, 20);
  assert.ok(h.logged[2].includes('\u2026 [withheld: more than 20 nested errors]'));
  // Cycles: an error its own cause, two errors each other's, an item that is the AggregateError itself.
  const self = new Error('self'); self.cause = self;
  const a = new Error('a'); const b = new Error('b', { cause: a }); a.cause = b;
  const agg = new AggregateError([], 'agg'); agg.errors.push(agg);
  for (const [error, expected] of [[self, ['  cause: [Circular]']], [a, ['  cause: Error: b', '  cause.cause: [Circular]']], [agg, ['  errors[0]: [Circular]']]]) {
    await h.hook(error, req, ctx);
    assert.deepEqual(withoutFrames(h.logged.at(-1)).split('\n').slice(1), expected);
  }
  noPhi(h.logged.join('\n'));
});

test("captureRequestError: a nested error's message and properties, and a cause that is a string, are cut to the same limits as the error's", async () => {
  const h = hookRecording();
  const body = JSON.stringify({ note: 'lorem ipsum', ssn: '219-09-9999', name: 'Zoltan Quibble' }).repeat(170_000);
  const cause = Object.assign(new Error(`bad payload: ${body}`), { meta: { body } });
  const error = new AggregateError([cause], 'x', { cause: `raw ${body}` });
  await h.hook(error, req, ctx);
  const line = h.logged[0];
  // The error's message and frames, the item's message, frames and properties, the string cause: each at most its limit.
  assert.ok(line.length < 4 * 8_000 + 2 * 24_000 + 1_000, `logged ${line.length} characters`);
  assert.ok(h.raw[0].text.length < 4 * 8_000 + 2 * 24_000 + 1_000, `scanned ${h.raw[0].text.length} characters`);
  assert.match(line, /\n {2}errors\[0\]: Error: bad payload: \{"note":"lorem ipsum","ssn":"\[SSN\]","name":"\[NAME\]"\}.* \u2026 \[\d+ characters cut\]\n {4}at /);
  assert.match(line, /\n {2}errors\[0\] properties: \{"meta":\{"body":"\{\\"note\\":\\"lorem ipsum\\",\\"ssn\\":\\"\[SSN\]\\".* \u2026 \[\d+ characters cut\]\n/);
  assert.match(line, /\n {2}cause: raw \{"note":"lorem ipsum","ssn":"\[SSN\]".* \u2026 \[\d+ characters cut\]$/);
  assert.equal(line.match(/characters cut\]/g).length, 3);
  noPhi(line);
});

test('captureRequestError: hostile causes, items and properties never make the hook throw or reject, nor leak what they threw', async () => {
  const boom = () => { throw new Error('getter saw 219-09-9999'); };
  const revoked = () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; };
  const cases = [
    ['cause getter throws', Object.defineProperty(new Error('top'), 'cause', { get: boom, enumerable: false }), '  cause: [unreadable]'],
    ["cause's message getter throws", new Error('top', { cause: Object.defineProperty(new Error('x'), 'message', { get: boom }) }), '  cause: [unreadable]'],
    ['revoked Proxy cause', new Error('top', { cause: revoked() }), '  cause: [unreadable]'],
    ['Proxy cause whose traps throw', new Error('top', { cause: new Proxy(new Error('x'), { get: boom, getOwnPropertyDescriptor: boom, ownKeys: boom, getPrototypeOf: boom }) }), '  cause: [unreadable]'],
    ['Proxy of an Error as cause', new Error('top', { cause: new Proxy(new Error('no chart for Maria Garcia'), {}) }), '  cause: Error: no chart for [NAME]'],
    ['property getter throws', Object.defineProperty(new Error('top'), 'meta', { get: boom, enumerable: true }), '  properties: {"meta":"[getter threw]"}'],
    ['errors getter throws', Object.defineProperty(new AggregateError([], 'top'), 'errors', { get: boom }), undefined],
    ['errors a Proxy whose get trap throws', Object.defineProperty(new Error('top'), 'errors', { value: new Proxy([new Error('x')], { get: boom }) }), undefined],
    ['item getter throws', Object.defineProperty(new AggregateError([], 'top'), 'errors', { value: Object.defineProperty([], 0, { get: boom, enumerable: true }) }), '  errors[0]: [unreadable]'],
    ['cause a number', new Error('top', { cause: 219099999 }), '  cause: 219099999'],
    ['cause a BigInt', new Error('top', { cause: 10n }), '  cause: 10'],
    ['cause a symbol', new Error('top', { cause: Symbol('s') }), '  cause: Symbol(s)'],
    ['cause null', new Error('top', { cause: null }), '  cause: null'],
    ['cause a function', new Error('top', { cause: function retry() {} }), '  cause: [Function: retry]'],
    ['cause an object with a throwing toJSON', new Error('top', { cause: { toJSON: boom } }), '  cause: [toJSON threw]'],
  ];
  for (const [name, error, expected] of cases) {
    const h = hookWith();
    const outcome = await h.hook(error, req, ctx).then(() => 'resolved', (e) => `rejected: ${e?.message}`);
    assert.equal(outcome, 'resolved', name);
    assert.equal(h.logged.length, 1, name);
    const lines = withoutFrames(h.logged[0]).split('\n');
    assert.equal(lines[0], '[phi-guard] render error on /patients/[id]: Error: top'.replace('Error', error instanceof AggregateError ? 'AggregateError' : 'Error'), name);
    if (expected !== undefined) assert.ok(lines.includes(expected), `${name}: ${JSON.stringify(lines)}`);
    assert.deepEqual(h.events.map((e) => e.channel), ['server_error'], name);
    noPhi(h.logged.join('\n'));
    noPhi(JSON.stringify(h.events));
  }
});
