// Transport and emitter against real local HTTP servers (node:http on port 0), using the built package.
// Signals are synthetic; none contains anything PHI-like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { setImmediate as tick } from 'node:timers/promises';
import { Transport, SignalEmitter, signalHash, verifySignature, verifyChain, parseRetryAfter } from '../dist/signals/index.js';
import { PhiGuardError } from '../dist/common/errors.js';

const SECRET = 'test-secret-not-a-real-one-0123456789';
const FAST = { backoff: { baseMs: 5, maxMs: 20 }, throttle: { max: 1_000_000, perMs: 60_000 }, flushIntervalMs: 10 };

let counter = 0;
function signal(extra = {}) {
  counter++;
  return {
    schema: 'phi-guard.breach-signal/v1',
    id: `synthetic-${counter}`,
    seq: counter,
    emitterId: 'emitter-transport',
    prevHash: null,
    hash: '0'.repeat(64),
    occurredAt: '2025-01-02T03:04:05Z',
    discoveredAt: '2025-01-02T03:04:05Z',
    drill: true,
    channel: 'response_body',
    route: '/api/things/[id]',
    runtime: 'nodejs',
    kind: 'synthetic_kind',
    severity: 'medium',
    notification: 'synthetic',
    reasons: [],
    identifierTypes: {},
    counts: { findings: 0, individuals: 0, records: 0 },
    fingerprints: { individuals: [], identifiers: [] },
    obligations: [],
    mitigation: 'none',
    ...extra,
  };
}

/** A real HTTP server; `respond(ctx)` returns { status, headers?, delayMs? } per request. */
async function server(respond = () => ({ status: 200 })) {
  const requests = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const ctx = { n: requests.length, headers: req.headers, body, at: Date.now(), signals: parse(body) };
      requests.push(ctx);
      const { status, headers = {}, delayMs = 0 } = respond(ctx);
      const send = () => { if (!res.destroyed) res.writeHead(status, headers).end(); };
      if (delayMs) setTimeout(send, delayMs).unref();
      else send();
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${srv.address().port}/signals`,
    requests,
    /** ids of the signals of the requests answered 2xx are tracked by the test itself */
    close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(r); }),
  };
}

function parse(body) {
  try {
    return JSON.parse(body).signals ?? [];
  } catch {
    return [];
  }
}

/** A URL nobody listens on: bind a port, then free it. */
async function deadUrl() {
  const srv = http.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return `http://127.0.0.1:${port}/signals`;
}

const totalDropped = (s) => Object.values(s.dropped).reduce((a, b) => a + b, 0);

test('everything below the bound is delivered, in signed batches', async () => {
  const srv = await server();
  try {
    const t = new Transport({ endpoints: [srv.url], secret: SECRET, maxQueue: 1000, batchSize: 50, ...FAST });
    const ids = [];
    for (let i = 0; i < 500; i++) {
      const s = signal();
      ids.push(s.id);
      assert.equal(t.enqueue(s), true);
    }
    assert.equal(await t.flush(10_000), true);
    const st = t.stats();
    assert.deepEqual(st, { queued: 0, sent: 500, retried: 0, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 0 } });
    const received = srv.requests.flatMap((r) => r.signals.map((s) => s.id));
    assert.deepEqual([...received].sort(), [...ids].sort());
    for (const r of srv.requests) {
      assert.ok(r.signals.length <= 50);
      assert.equal(r.headers['content-type'], 'application/json');
      assert.deepEqual(await verifySignature(r.body, r.headers, SECRET), { ok: true });
    }
  } finally {
    await srv.close();
  }
});

test('a flood of 100,000 enqueues stays bounded and every drop is counted', async () => {
  let received = 0;
  const srv = await server((ctx) => {
    received += ctx.signals.length;
    return { status: 200 };
  });
  try {
    const maxQueue = 200;
    const t = new Transport({ endpoints: [srv.url], secret: SECRET, maxQueue, batchSize: 50, ...FAST });
    let accepted = 0;
    let refused = 0;
    let peak = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    const s = signal();
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 1000; i++) {
        if (t.enqueue(s)) accepted++;
        else refused++;
        peak = Math.max(peak, t.stats().queued);
      }
      await tick(); // let the transport send between bursts
    }
    assert.ok(peak <= maxQueue, `queue peaked at ${peak}`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 1024 * 1024, 'heap grew by more than 64 MB');
    assert.equal(await t.flush(15_000), true);
    const st = t.stats();
    assert.equal(accepted + refused, 100_000);
    assert.equal(st.queued, 0);
    assert.equal(st.sent + totalDropped(st), 100_000);
    assert.equal(st.dropped.queue_full, refused);
    assert.equal(st.sent, accepted);
    assert.equal(received, st.sent);
    assert.ok(st.sent >= maxQueue, 'at least one full buffer was delivered');
  } finally {
    await srv.close();
  }
});

test('endpoint down: retried with backoff, then dropped as expired and counted', async () => {
  const t = new Transport({ endpoints: [await deadUrl()], secret: SECRET, maxRetries: 2, batchSize: 10, ...FAST });
  for (let i = 0; i < 3; i++) t.enqueue(signal());
  assert.equal(await t.flush(10_000), false, 'nothing was delivered');
  const st = t.stats();
  assert.equal(st.sent, 0);
  assert.equal(st.retried, 2);
  assert.equal(st.dropped.expired, 3);
  assert.equal(st.sent + totalDropped(st), 3);
});

test('slow endpoint: requests time out and the batch fails over to the secondary', async () => {
  const slow = await server(() => ({ status: 200, delayMs: 5_000 }));
  const ok = await server();
  try {
    const t = new Transport({ endpoints: [slow.url, ok.url], secret: SECRET, timeoutMs: 150, maxRetries: 1, ...FAST });
    const s = signal();
    t.enqueue(s);
    assert.equal(await t.flush(10_000), true);
    const st = t.stats();
    assert.equal(slow.requests.length, 2); // first attempt + one retry
    assert.equal(ok.requests.length, 1);
    assert.equal(ok.requests[0].signals[0].id, s.id);
    assert.equal(st.sent, 1);
    assert.equal(st.retried, 1);
    assert.equal(totalDropped(st), 0);
  } finally {
    await slow.close();
    await ok.close();
  }
});

test('slow endpoint alone: timeouts end as expired, nothing hangs', async () => {
  const slow = await server(() => ({ status: 200, delayMs: 5_000 }));
  try {
    const t = new Transport({ endpoints: [slow.url], secret: SECRET, timeoutMs: 100, maxRetries: 1, ...FAST });
    t.enqueue(signal());
    t.enqueue(signal());
    assert.equal(await t.flush(10_000), false, 'both expired');
    assert.deepEqual(t.stats().dropped, { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 2 });
  } finally {
    await slow.close();
  }
});

test('a fetch that never settles times out like a network error: retried, expired, and the transport recovers', async () => {
  // An injected fetch that ignores the abort and never settles, until it "recovers".
  let hang = true;
  const calls = [];
  const fetch = (url, init) => {
    calls.push(init.signal);
    return hang ? new Promise(() => {}) : Promise.resolve(new Response(null, { status: 204 }));
  };
  const t = new Transport({ endpoints: ['https://collector.example.com/s'], secret: SECRET, timeoutMs: 30, maxRetries: 2, batchSize: 10, ...FAST, fetch });
  for (let i = 0; i < 4; i++) t.enqueue(signal());
  assert.equal(await t.flush(10_000), false, 'the batch stayed in flight until it expired');
  assert.equal(calls.length, 3); // first attempt + two retries, each ended by the timeout
  assert.ok(calls.every((s) => s.aborted), 'each timed-out request was aborted too');
  assert.deepEqual(t.stats(), { queued: 0, sent: 0, retried: 2, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 4 } });

  // fetch behaves again: the next signals go out
  hang = false;
  for (let i = 0; i < 4; i++) t.enqueue(signal());
  assert.equal(await t.flush(10_000), true);
  assert.equal(calls.length, 4);
  assert.deepEqual(t.stats(), { queued: 0, sent: 4, retried: 2, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 4 } });
});

test('a hung attempt is retried and delivered once fetch answers; a late answer or rejection is ignored', async () => {
  const late = [];
  let n = 0;
  const fetch = () => {
    n++;
    if (n === 1) return new Promise((resolve) => late.push(() => resolve(new Response('late', { status: 500 })))); // answers after its timeout
    if (n === 2) return new Promise((_, reject) => late.push(() => reject(new Error('late failure')))); // fails after its timeout
    return Promise.resolve(new Response(null, { status: 204 }));
  };
  const unhandled = [];
  const onUnhandled = (e) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    const t = new Transport({ endpoints: ['https://collector.example.com/s'], secret: SECRET, timeoutMs: 30, maxRetries: 3, ...FAST, fetch });
    t.enqueue(signal());
    assert.equal(await t.flush(10_000), true);
    assert.equal(n, 3);
    assert.deepEqual(t.stats(), { queued: 0, sent: 1, retried: 2, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 0 } });
    for (const settle of late) settle();
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(t.stats(), { queued: 0, sent: 1, retried: 2, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 0 } });
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('429 with Retry-After, then 500, then 200: waits as asked, retries, delivers', async () => {
  const plan = [{ status: 429, headers: { 'retry-after': '1' } }, { status: 500 }, { status: 200 }];
  const srv = await server((ctx) => plan[ctx.n] ?? { status: 200 });
  try {
    const t = new Transport({ endpoints: [srv.url], secret: SECRET, ...FAST });
    const s = signal();
    t.enqueue(s);
    assert.equal(await t.flush(10_000), true);
    assert.equal(srv.requests.length, 3);
    // Retry-After: 1 was honoured (a lower bound: a slow machine only makes it larger)
    assert.ok(srv.requests[1].at - srv.requests[0].at >= 900, 'retried before Retry-After elapsed');
    for (const r of srv.requests) assert.equal(r.signals[0].id, s.id);
    // each attempt is signed afresh
    for (const r of srv.requests) assert.deepEqual(await verifySignature(r.body, r.headers, SECRET), { ok: true });
    assert.deepEqual(t.stats(), { queued: 0, sent: 1, retried: 2, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 0 } });
  } finally {
    await srv.close();
  }
});

test('Retry-After parses seconds and HTTP dates', () => {
  const now = Date.parse('2025-01-02T03:04:05Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Thu, 02 Jan 2025 03:04:35 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Thu, 02 Jan 2025 03:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

test('Retry-After: huge values are clamped to the longest timer, garbage is unreadable', () => {
  const now = Date.parse('2025-01-02T03:04:05Z');
  const MAX = 2 ** 31 - 1; // the longest delay setTimeout honours
  assert.equal(parseRetryAfter('99999999', now), MAX);
  assert.equal(parseRetryAfter('9'.repeat(400), now), MAX); // Number() is Infinity
  assert.equal(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', now), MAX);
  assert.equal(parseRetryAfter(String(MAX / 1000 | 0), now), (MAX / 1000 | 0) * 1000);
  assert.equal(parseRetryAfter(' 7 ', now), 7000);
  assert.equal(parseRetryAfter('0', now), 0);
  // the obsolete HTTP-date forms (RFC 9110 §5.6.7); asctime means GMT, whatever the local zone
  assert.equal(parseRetryAfter('Thursday, 02-Jan-25 03:04:35 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Thu Jan  2 03:04:35 2025', now), 30_000);
  // none of these is a Retry-After (Date.parse takes '-5', '1.5' or 'next tuesday 3' for dates in 2001, i.e. "retry at once")
  for (const v of ['-5', '1.5', '+3', 'NaN', 'Infinity', '-Infinity', '1e3', '0x10', '', '   ', 'next tuesday 3', '2025-01-02T03:05:00Z']) {
    assert.equal(parseRetryAfter(v, now), undefined, JSON.stringify(v));
  }
  assert.equal(parseRetryAfter(undefined, now), undefined);
  assert.equal(parseRetryAfter(42, now), undefined);
  assert.equal(parseRetryAfter('Thu, 02 Jan 2025 03:04:35 GMT', NaN), undefined);
  assert.equal(parseRetryAfter('Thu, 02 Jan 2025 03:04:35 GMT', Infinity), undefined);
  for (const v of ['1', '99999999', 'Fri, 31 Dec 9999 23:59:59 GMT', 'Thu, 02 Jan 2025 03:00:00 GMT']) {
    const ms = parseRetryAfter(v, now);
    assert.ok(Number.isInteger(ms) && ms >= 0 && ms <= MAX, `${v} -> ${ms}`);
  }
});

test('503 with a Retry-After past the longest timer pauses the last endpoint; it does not overflow and retry at once', async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w.name);
  process.on('warning', onWarning);
  try {
    for (const retryAfter of ['99999999', 'Fri, 31 Dec 9999 23:59:59 GMT']) {
      let n = 0;
      const fetch = async () => (n++ === 0 ? new Response(null, { status: 503, headers: { 'retry-after': retryAfter } }) : new Response(null, { status: 204 }));
      const t = new Transport({ endpoints: ['https://collector.example.com/s'], secret: SECRET, ...FAST, fetch });
      t.enqueue(signal());
      // paused as asked: nothing is sent again within the flush (an overflowed timer fires after 1 ms)
      assert.equal(await t.flush(300), false, retryAfter);
      assert.equal(n, 1, retryAfter);
      assert.deepEqual(t.stats(), { queued: 1, sent: 0, retried: 1, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 0 } });
    }
    await tick(); // warnings are emitted on the next tick
    assert.ok(!warnings.includes('TimeoutOverflowWarning'), warnings.join(', '));
  } finally {
    process.off('warning', onWarning);
  }
});

test('a Retry-After longer than maxRetryAfterMs pauses only that long: the batch is delivered when the collector is back', async () => {
  for (const retryAfter of ['86400', new Date(Date.now() + 86_400_000).toUTCString()]) {
    let n = 0;
    const fetch = async () => (n++ === 0 ? new Response(null, { status: 503, headers: { 'retry-after': retryAfter } }) : new Response(null, { status: 204 }));
    const t = new Transport({ endpoints: ['https://collector.example.com/s'], secret: SECRET, ...FAST, maxRetryAfterMs: 50, fetch });
    t.enqueue(signal());
    assert.equal(await t.flush(5000), true, retryAfter);
    assert.equal(n, 2, retryAfter);
    assert.deepEqual(t.stats(), { queued: 0, sent: 1, retried: 1, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 0 } });
  }
  assert.throws(() => new Transport({ endpoints: ['https://collector.example.com/s'], secret: SECRET, maxRetryAfterMs: -1 }), /maxRetryAfterMs/);
});

test('maxRetryAfterMs: 0 ignores a Retry-After and waits the backoff between retries instead', async () => {
  const at = [];
  let n = 0;
  const fetch = async () => { at.push(Date.now()); return n++ < 2 ? new Response(null, { status: 429, headers: { 'retry-after': '120' } }) : new Response(null, { status: 204 }); };
  // random() = 1: each backoff is its whole cap (baseMs 40, then 80).
  const t = new Transport({ endpoints: ['https://collector.example.com/s'], secret: SECRET, ...FAST, backoff: { baseMs: 40, maxMs: 1000 }, random: () => 0.999, maxRetryAfterMs: 0, fetch });
  t.enqueue(signal());
  assert.equal(await t.flush(5000), true);
  assert.equal(n, 3);
  assert.ok(at[1] - at[0] >= 30 && at[2] - at[1] >= 60, `backoff between retries: ${at[1] - at[0]} ms, ${at[2] - at[1]} ms`);
});

test('flush(Infinity) waits for delivery instead of overflowing to 1 ms', async () => {
  const fetch = () => new Promise((resolve) => setTimeout(() => resolve(new Response(null, { status: 204 })), 50));
  const t = new Transport({ endpoints: ['https://collector.example.com/s'], secret: SECRET, ...FAST, fetch });
  t.enqueue(signal());
  assert.equal(await t.flush(Infinity), true);
  assert.equal(t.stats().sent, 1);
});

test('the emitter\'s flush(Infinity) waits for delivery instead of overflowing to 1 ms', async () => {
  const fetch = () => new Promise((resolve) => setTimeout(() => resolve(new Response(null, { status: 204 })), 50));
  const transport = new Transport({ endpoints: ['https://collector.example.com/s'], secret: SECRET, ...FAST, fetch });
  const emitter = new SignalEmitter({ transport });
  // A record still being classified when flush starts: flush's own timer
  // bounds that wait, and must not fire after 1 ms.
  const base = fakeGuard({ severityFor: () => 'high' });
  const slow = { ...base, classify: async (e) => { await new Promise((r) => setTimeout(r, 50)); return base.classify(e); } };
  const recorded = emitter.record(slow, event());
  assert.equal(await emitter.flush(Infinity), true);
  await recorded;
  assert.equal(transport.stats().sent, 1);
});

test('503 with an HTTP-date Retry-After far away fails over instead of waiting', async () => {
  const far = new Date(Date.now() + 3_600_000).toUTCString();
  const busy = await server(() => ({ status: 503, headers: { 'retry-after': far } }));
  const ok = await server();
  try {
    const t = new Transport({ endpoints: [busy.url, ok.url], secret: SECRET, ...FAST });
    t.enqueue(signal());
    assert.equal(await t.flush(10_000), true);
    assert.equal(busy.requests.length, 1);
    assert.equal(ok.requests.length, 1);
    assert.equal(t.stats().sent, 1);
  } finally {
    await busy.close();
    await ok.close();
  }
});

test('413: the batch is split once into singles; a single still too large is dropped and counted', async () => {
  const srv = await server((ctx) => ({ status: ctx.signals.length > 1 || ctx.signals[0]?.route === '/api/huge' ? 413 : 200 }));
  try {
    const t = new Transport({ endpoints: [srv.url], secret: SECRET, batchSize: 5, ...FAST });
    for (let i = 0; i < 4; i++) t.enqueue(signal());
    t.enqueue(signal({ route: '/api/huge' }));
    assert.equal(await t.flush(10_000), false, 'one was too large');
    assert.equal(srv.requests.length, 6); // the batch, then five singles
    const st = t.stats();
    assert.equal(st.sent, 4);
    assert.equal(st.dropped.too_large, 1);
    assert.equal(st.retried, 0);
  } finally {
    await srv.close();
  }
});

test('other 4xx: the batch is dropped as rejected, without retries', async () => {
  const srv = await server(() => ({ status: 400 }));
  try {
    const t = new Transport({ endpoints: [srv.url], secret: SECRET, batchSize: 3, ...FAST });
    for (let i = 0; i < 3; i++) t.enqueue(signal());
    assert.equal(await t.flush(10_000), false, 'the collector refused them');
    assert.equal(srv.requests.length, 1);
    assert.deepEqual(t.stats(), { queued: 0, sent: 0, retried: 0, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 3, expired: 0 } });
  } finally {
    await srv.close();
  }
});

test('flush resolves false when the collector refused what it held (401, a redirect, 400), true again once delivery works', async () => {
  const { createGuard } = await import('../dist/node.js');
  const guard = await createGuard();
  for (const status of [401, 308, 400]) {
    let answer = status;
    const fetch = async () => new Response(null, { status: answer, headers: status === 308 ? { location: 'https://collector2.example.com/s' } : {} });
    const t = new Transport({ endpoints: ['https://collector.example.com/s'], secret: SECRET, ...FAST, fetch });
    const emitter = new SignalEmitter({ transport: t, emitterId: 'flush-test' });
    const event = { text: 'ssn 219-09-9999', channel: 'response_body', route: '/api/x', runtime: 'nodejs', authenticated: false, policy: 'no_phi', discoveredAt: '2026-03-01T12:00:00Z' };
    await emitter.record(guard, event);
    assert.equal(await emitter.flush(5000), false, `collector ${status}`);
    assert.equal(t.stats().dropped.rejected, 1);
    answer = 204;
    await emitter.record(guard, event);
    assert.equal(await emitter.flush(5000), true, 'a later flush answers for its own signals');
  }
});

test('failover: a failing primary is retried, then the secondary takes the batch and the next ones', async () => {
  const primary = await server(() => ({ status: 500 }));
  const secondary = await server();
  try {
    const t = new Transport({ endpoints: [primary.url, secondary.url], secret: SECRET, maxRetries: 2, batchSize: 1, ...FAST, backoff: { baseMs: 5, maxMs: 60_000 } });
    t.enqueue(signal());
    assert.equal(await t.flush(10_000), true);
    assert.equal(primary.requests.length, 3);
    assert.equal(secondary.requests.length, 1);
    // the primary is now in its cool-down: the next batch goes straight to the secondary
    t.enqueue(signal());
    assert.equal(await t.flush(10_000), true);
    assert.equal(primary.requests.length, 3);
    assert.equal(secondary.requests.length, 2);
    assert.deepEqual(t.stats(), { queued: 0, sent: 2, retried: 2, dropped: { queue_full: 0, throttled: 0, too_large: 0, rejected: 0, expired: 0 } });
  } finally {
    await primary.close();
    await secondary.close();
  }
});

test('throttle admits max per window (fake clock); enqueue never throws', async () => {
  let now = 1_000_000;
  const fetch = async () => new Response(null, { status: 204 });
  const t = new Transport({ endpoints: ['http://collector.invalid/'], secret: SECRET, throttle: { max: 3, perMs: 1000 }, now: () => now, fetch });
  const results = [];
  for (let i = 0; i < 5; i++) results.push(t.enqueue(signal()));
  assert.deepEqual(results, [true, true, true, false, false]);
  now += 999;
  assert.equal(t.enqueue(signal()), false);
  now += 1;
  assert.equal(t.enqueue(signal()), true);
  assert.equal(t.enqueue(null), false);
  assert.equal(t.enqueue({ id: 'x', discoveredAt: 'nope' }), true); // plain JSON format does not parse dates
  assert.equal(await t.flush(5000), true);
  const st = t.stats();
  assert.equal(st.dropped.throttled, 3);
  assert.equal(st.dropped.rejected, 1);
  assert.equal(st.sent, 5);
  assert.equal(st.sent + totalDropped(st), 9);
});

test('a signal that cannot be encoded is refused at enqueue, not sent', () => {
  const t = new Transport({ endpoints: ['http://collector.invalid/'], secret: SECRET, format: 'otlp', fetch: async () => new Response(null, { status: 200 }) });
  assert.equal(t.enqueue(signal({ severity: 'extreme' })), false);
  assert.equal(t.stats().dropped.rejected, 1);
  assert.equal(t.stats().queued, 0);
});

test('bad options throw PhiGuardError(input)', () => {
  const bad = [
    {},
    { endpoints: [], secret: SECRET },
    { endpoints: ['ftp://x/'], secret: SECRET },
    { endpoints: ['not a url'], secret: SECRET },
    { endpoints: ['http://x/'], secret: '' },
    { endpoints: ['http://x/'], secret: SECRET, maxQueue: 0 },
    { endpoints: ['http://x/'], secret: SECRET, batchSize: 1.5 },
    { endpoints: ['http://x/'], secret: SECRET, format: 'xml' },
  ];
  for (const o of bad) assert.throws(() => new Transport(o), (e) => e instanceof PhiGuardError && e.code === 'input', JSON.stringify(o));
});

test('flush resolves false when time runs out, and never rejects', async () => {
  const never = () => new Promise(() => {});
  const t = new Transport({ endpoints: ['http://collector.invalid/'], secret: SECRET, fetch: never, timeoutMs: 60_000 });
  t.enqueue(signal());
  assert.equal(await t.flush(50), false);
  assert.equal(t.stats().queued, 1);
  assert.equal(await new Transport({ endpoints: ['http://x/'], secret: SECRET }).flush(10), true);
});

// ---------- emitter ----------

/**
 * A stand-in for the core's guard.classify: builds a signal at the chain position it is given.
 * The real core is synchronous; this one answers with a promise (WebCrypto hashing is async),
 * which the emitter accepts too.
 */
function fakeGuard({ severityFor = () => 'high' } = {}) {
  const calls = [];
  return {
    calls,
    async classify(event) {
      calls.push(event);
      const classification = {
        kind: 'synthetic_kind', severity: severityFor(event), notification: 'synthetic', reasons: [], identifierTypes: {},
        counts: { findings: 0, individuals: 0, records: 0 }, obligations: [],
      };
      const s = {
        schema: 'phi-guard.breach-signal/v1',
        id: event.signalId,
        seq: event.chain.seq,
        emitterId: event.chain.emitterId,
        prevHash: event.chain.prevHash,
        occurredAt: event.occurredAt ?? event.discoveredAt,
        discoveredAt: event.discoveredAt,
        drill: event.drill ?? false,
        channel: event.channel,
        route: event.route,
        runtime: event.runtime,
        ...classification,
        fingerprints: { individuals: [], identifiers: [] },
        mitigation: event.mitigation ?? 'none',
      };
      return { classification, signal: { ...s, hash: await signalHash(s) } };
    },
  };
}

const event = (extra = {}) => ({
  text: 'synthetic text', channel: 'response_body', route: '/api/things/[id]', runtime: 'nodejs',
  authenticated: true, discoveredAt: '2025-01-02T03:04:05Z', drill: true, ...extra,
});

test('the emitter keeps one consistent chain under concurrent record() calls', async () => {
  const srv = await server();
  try {
    const transport = new Transport({ endpoints: [srv.url], secret: SECRET, batchSize: 7, ...FAST });
    const emitter = new SignalEmitter({ transport });
    const guard = fakeGuard({ severityFor: (e) => (e.route === '/quiet' ? 'info' : 'high') });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => emitter.record(guard, event(i % 4 === 3 ? { route: '/quiet' } : {}))),
    );
    assert.equal(results.length, 20);
    assert.equal(await emitter.flush(10_000), true);
    const received = srv.requests.flatMap((r) => r.signals);
    assert.equal(received.length, 15); // info signals are not sent
    assert.deepEqual(received.map((s) => s.seq).sort((a, b) => a - b), Array.from({ length: 15 }, (_, i) => i + 1));
    assert.equal((await verifyChain(received)).ok, true);
    assert.ok(received.every((s) => s.emitterId === emitter.emitterId));
    assert.equal(new Set(received.map((s) => s.id)).size, 15);
    // every event the core saw carried the chain and a signal id; none carried a chain from the caller
    assert.ok(guard.calls.every((e) => typeof e.signalId === 'string' && e.chain.emitterId === emitter.emitterId));
    const st = emitter.state();
    assert.equal(st.seq, 15);
    assert.equal(st.prevHash, received.find((s) => s.seq === 15).hash);
    assert.equal(st.emitted, 15);
  } finally {
    await srv.close();
  }
});

test('guard_failure signals are sent even at info severity; a failing classify does not advance the chain', async () => {
  const sent = [];
  const sink = { enqueue: (s) => (sent.push(s), true), flush: async () => true };
  const emitter = new SignalEmitter({ transport: sink, emitterId: 'emitter-fixed' });
  const guard = fakeGuard({ severityFor: () => 'info' });
  await emitter.record(guard, event());
  assert.equal(sent.length, 0);
  await emitter.record(guard, event({ channel: 'guard_failure', failure: 'trap', text: undefined }));
  assert.equal(sent.length, 1);
  assert.equal(sent[0].seq, 1);
  assert.equal(sent[0].prevHash, null);

  const broken = { classify() { throw new PhiGuardError('event', 'unknown field in event'); } };
  await assert.rejects(emitter.record(broken, event()), (e) => e instanceof PhiGuardError && e.code === 'event');
  const before = emitter.state();
  await emitter.record(fakeGuard(), event());
  assert.equal(sent.at(-1).seq, before.seq + 1);
  assert.equal(sent.at(-1).prevHash, before.prevHash);
  assert.equal((await verifyChain(sent)).ok, true);
  await assert.rejects(emitter.record({}, event()), (e) => e instanceof PhiGuardError && e.code === 'input');
});
