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
  const r = relayWith();
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
