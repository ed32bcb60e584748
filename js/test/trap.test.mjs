// Forced-trap recovery with a real wasm trap, against the built package.
// `__phiGuardArmTrap` (src/wasm.rs, a documented test hook) makes the next
// guard call execute `unreachable` mid-call — the trap a panic (panic =
// "abort") or a failed allocation ends in. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard, PhiGuardError } from 'phi-guard';
import { withPhiGuard, wrapRouteHandler } from 'phi-guard/next';
import { SignalEmitter } from 'phi-guard/signals';
import { __phiGuardArmTrap, initSync, WasmGuard } from '../dist/wasm/phi_guard.js';
import { emitted } from './support/emit-log.mjs';

const SSN = '219-09-9999';
const guard = await createGuard();

/** Reporting options that keep every event, every signal and every waitUntil promise. */
function reporting() {
  const events = [];
  const signals = [];
  const waited = [];
  const emitter = new SignalEmitter({
    emitterId: 'trap-test',
    transport: { enqueue: (s) => { signals.push(s); emitted('signal', s); return true; }, flush: async () => true },
  });
  return {
    events, signals, waited,
    options: { onEvent: (e) => { events.push(e); }, emitter, waitUntil: (p) => waited.push(p) },
    settle: async () => { await Promise.all(waited); await emitter.flush(1000); },
  };
}

test('a real trap is caught as PhiGuardError trap; the guard rebuilds and keeps working', () => {
  assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  __phiGuardArmTrap(false);
  assert.throws(() => guard.scan(`ssn ${SSN}`), (e) => {
    assert.ok(e instanceof PhiGuardError);
    assert.equal(e.code, 'trap');
    assert.ok(e.cause instanceof WebAssembly.RuntimeError, 'the cause is the wasm trap itself');
    assert.ok(!e.message.includes('219'), 'no input in the message');
    return true;
  });
  const restarts = guard.restarts;
  const { findings, redacted } = guard.scan(`ssn ${SSN}`);
  assert.equal(guard.restarts, restarts + 1, 'rebuilt before the next call');
  assert.equal(findings.length, 1);
  assert.equal(redacted, 'ssn [SSN]');
});

test('traps in every entry point, 100 times in a row, leave the guard correct', () => {
  const calls = [
    () => guard.scan('x'),
    () => guard.redactText('x'),
    () => guard.redactValue({ a: 1 }),
    () => guard.classify({ channel: 'server_log', discoveredAt: '2026-03-01T12:00:00Z' }),
    // The text apart, written into the module's memory first (classifyInput).
    () => guard.classify({ channel: 'server_log', discoveredAt: '2026-03-01T12:00:00Z', text: `ssn ${SSN} `.repeat(50) }),
  ];
  for (let i = 0; i < 100; i++) {
    __phiGuardArmTrap(false);
    assert.throws(calls[i % calls.length], (e) => e.code === 'trap');
    assert.equal(guard.redactText(`mail maria.garcia@example.com ssn ${SSN}`), 'mail [EMAIL] ssn [SSN]');
  }
  const big = `${'status=ok '.repeat(100_000)}ssn ${SSN}`;
  assert.ok(guard.redactText(big).endsWith('ssn [SSN]'), 'a 1 MB input still fits after 100 traps');
});

test('withPhiGuard: a trap fails open by default and closed per route, with a guard_failure signal', async () => {
  const r = reporting();
  const next = () => new Response(null, { headers: { 'x-middleware-next': '1' } });
  const mw = withPhiGuard(next, { guard, ...r.options, routes: [{ match: '/api/', onUrlPhi: 'block', failMode: 'closed' }] });

  __phiGuardArmTrap(false);
  const open = await mw(new Request(`https://app.example.com/patients/42?ssn=${SSN}`));
  assert.equal(open.headers.get('x-middleware-next'), '1', 'fail-open: the request goes on, unscanned');

  __phiGuardArmTrap(false);
  const closed = await mw(new Request(`https://app.example.com/api/lookup?ssn=${SSN}`));
  assert.equal(closed.status, 503);
  assert.equal(closed.headers.get('x-phi-guard'), 'unscanned-failure');
  assert.ok(!(await closed.text()).includes('219'));

  await r.settle();
  assert.deepEqual(r.events.map((e) => [e.channel, e.failure]), [['guard_failure', 'trap'], ['guard_failure', 'trap']]);
  // onEvent's summaries carry the emitter's classification and the very signals sent.
  assert.deepEqual(r.events.map((e) => [e.classification?.exposureKind, e.signal?.hash]), r.signals.map((s) => ['guard_failure', s.hash]));
  assert.deepEqual(r.signals.map((s) => [s.kind, s.severity, s.route]), [['guard_failure', 'medium', '/patients/[id]'], ['guard_failure', 'medium', '/api/']]);
  // The whole value, not '219': signals carry random UUIDs and hex hashes, where '219' turns up by chance.
  for (const form of [SSN, SSN.replace(/-/g, '')]) assert.ok(!JSON.stringify(r.signals).includes(form));
});

test('wrapRouteHandler: a trap fails open by default and closed per route, with a guard_failure signal', async () => {
  const r = reporting();
  const handler = async () => Response.json({ ssn: SSN });
  const base = { guard, route: '/api/patients/[id]', returnsPhi: 'never', ...r.options };
  const req = () => new Request('https://app.example.com/api/patients/7');

  __phiGuardArmTrap(false);
  const open = await wrapRouteHandler(handler, base)(req(), {});
  assert.equal(open.status, 200);
  assert.equal(open.headers.get('x-phi-guard'), 'unscanned-failure');
  assert.deepEqual(await open.json(), { ssn: SSN }, 'fail-open sends the body unscanned (and says so in the header)');

  __phiGuardArmTrap(false);
  const closed = await wrapRouteHandler(handler, { ...base, failMode: 'closed' })(req(), {});
  assert.equal(closed.status, 503);
  assert.ok(!(await closed.text()).includes('219'));

  // A trap in the middle of a streamed body: open passes the rest, closed errors the stream.
  const streamed = async () => new Response(`${'ok '.repeat(2000)} ssn ${SSN}`, { headers: { 'content-type': 'text/plain' } });
  __phiGuardArmTrap(false);
  const s1 = await wrapRouteHandler(streamed, { ...base, maxBufferBytes: 100 })(req(), {});
  assert.ok((await s1.text()).endsWith(`ssn ${SSN}`));
  __phiGuardArmTrap(false);
  const s2 = await wrapRouteHandler(streamed, { ...base, maxBufferBytes: 100, failMode: 'closed' })(req(), {});
  await assert.rejects(s2.text());

  await r.settle();
  assert.equal(r.events.length, 4);
  assert.ok(r.events.every((e) => e.channel === 'guard_failure' && e.failure === 'trap' && e.route === '/api/patients/[id]'));
  assert.equal(r.signals.length, 4);
  assert.ok(r.signals.every((s) => s.kind === 'guard_failure'));
  assert.equal(guard.redactText(`ssn ${SSN}`), 'ssn [SSN]', 'the shared guard still works');
});

/** The exports of the instance the glue runs now (initSync returns them once initialised). */
const current = () => initSync();

/**
 * Records the wasm-bindgen handle (`this`) of every WasmGuard method call and
 * every free(), for the whole test; restores the prototype afterwards.
 */
function spyHandles(t) {
  const calls = [];
  const proto = WasmGuard.prototype;
  for (const m of ['inputAt', 'scan', 'numbersAt', 'classify', 'classifyInput', 'free']) {
    const orig = proto[m];
    proto[m] = function (...args) {
      calls.push({ m, handle: this });
      return orig.apply(this, args);
    };
    t.after(() => { proto[m] = orig; });
  }
  return calls;
}

/** Replaces WebAssembly.Instance (which __wbg_reset_state() calls) for the rest of the test. */
function patchInstance(t, make) {
  const Real = WebAssembly.Instance;
  WebAssembly.Instance = make(Real);
  t.after(() => { WebAssembly.Instance = Real; });
  return () => { WebAssembly.Instance = Real; };
}

test('after a trap the guard runs in a fresh wasm instance: new memory, the sticky flag gone', async () => {
  const g = await createGuard();
  // Grow the old memory, so the new instance differs in size too.
  assert.ok(g.redactText(`${'status=ok '.repeat(200_000)}ssn ${SSN}`).endsWith('ssn [SSN]'));
  const before = current();
  const grown = before.memory.buffer.byteLength;
  // Sticky: the armed flag stays in this instance's linear memory, so every
  // call in it traps; only a new instance (new memory) runs clean.
  __phiGuardArmTrap(true);
  assert.throws(() => g.scan('x'), (e) => e instanceof PhiGuardError && e.code === 'trap');
  for (let i = 0; i < 3; i++) assert.equal(g.redactText(`ssn ${SSN}`), 'ssn [SSN]', 'no trap: the flag is not in this memory');
  const after = current();
  assert.notEqual(after, before, 'new instance exports');
  assert.notEqual(after.memory, before.memory, 'new linear memory');
  assert.ok(after.memory.buffer.byteLength < grown, `fresh memory (${after.memory.buffer.byteLength} B) is smaller than the grown one (${grown} B)`);
});

test('handles from before a trap are never used again, by the guard that trapped or any other', async (t) => {
  const a = await createGuard();
  const b = await createGuard({ operators: { SSN: 'partialMask' } });
  const calls = spyHandles(t);
  assert.equal(a.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  assert.equal(b.redactText(`ssn ${SSN}`), 'ssn ***-**-9999');
  const old = new Set(calls.map((c) => c.handle));
  assert.equal(old.size, 2, 'one handle per guard');
  const [restartsA, restartsB] = [a.restarts, b.restarts];

  __phiGuardArmTrap(false);
  assert.throws(() => a.scan(`ssn ${SSN}`), (e) => e.code === 'trap');
  const sinceTrap = calls.length;
  // The trap is b's business too: b shares the instance, so it must move.
  assert.equal(b.redactText(`ssn ${SSN}`), 'ssn ***-**-9999', 'b recompiled its own config, not the default');
  assert.equal(a.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  assert.equal(a.classify({ channel: 'server_log', text: `ssn ${SSN}`, discoveredAt: '2026-03-01T12:00:00Z' }).classification.identifierTypes.SSN, 1);
  assert.deepEqual(a.scan(`ssn ${SSN}`).findings.map((f) => f.type), ['SSN']);

  const after = calls.slice(sinceTrap);
  assert.ok(after.length >= 4);
  assert.ok(after.every((c) => !old.has(c.handle)), 'no call after the trap used a handle from before it');
  assert.equal(new Set(after.map((c) => c.handle)).size, 2, 'one new handle per guard');
  assert.ok(!calls.some((c) => c.m === 'free'), 'old handles are dropped, never freed into the new memory');
  assert.deepEqual([a.restarts - restartsA, b.restarts - restartsB], [1, 1]);
  // And they could not have been: the glue refuses handles of a replaced instance.
  for (const h of old) assert.throws(() => h.scan(0, 'auto'), /stale object from previous Wasm instance/);
});

test('a typed error from the core does not replace the instance', async () => {
  const g = await createGuard();
  assert.equal(g.redactText('x'), 'x');
  const before = current();
  const restarts = g.restarts;
  assert.throws(() => g.scan(`ssn ${SSN}`, { format: 'jsonn' }), (e) => e.code === 'input');
  assert.throws(() => g.classify({ channel: 'server_log', discoveredAt: SSN }), (e) => e.code === 'event');
  assert.equal(g.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  assert.equal(current(), before, 'same instance: the core returned those errors, nothing trapped');
  assert.equal(g.restarts, restarts);
});

test('if no fresh instance can start, every call fails closed with a typed error and retries next time', async (t) => {
  const g = await createGuard();
  const calls = spyHandles(t);
  g.redactText('x');
  const before = current();
  let attempts = 0;
  const restore = patchInstance(t, () => function Instance() {
    attempts++;
    throw new RangeError('WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory for new instance');
  });
  // Not sticky: the trapped instance would now run clean, so a call that ran
  // in it would succeed. None may.
  __phiGuardArmTrap(false);
  assert.throws(() => g.scan(`ssn ${SSN}`), (e) => e.code === 'trap');
  const sinceTrap = calls.length;
  const failsClosed = (e) => {
    assert.ok(e instanceof PhiGuardError);
    assert.equal(e.code, 'init');
    assert.match(e.message, /could not start a fresh wasm instance after a trap \(RangeError\)/);
    assert.ok(!e.message.includes('219') && !e.message.includes('garcia'));
    return true;
  };
  assert.throws(() => g.redactText(`ssn ${SSN}`), failsClosed);
  assert.throws(() => g.scan(`mail maria.garcia@example.com`), failsClosed);
  assert.throws(() => g.classify({ channel: 'server_log', text: `ssn ${SSN}`, discoveredAt: '2026-03-01T12:00:00Z' }), failsClosed);
  await assert.rejects(createGuard(), failsClosed, 'a new guard cannot be made in the trapped instance either');
  assert.equal(attempts, 4, 'each call tried to start a fresh instance');
  assert.equal(calls.length, sinceTrap, 'nothing ran in the trapped instance');
  assert.equal(current(), before, 'the glue still points at the trapped instance: it must stay unused');

  restore();
  assert.equal(g.redactText(`ssn ${SSN}`), 'ssn [SSN]', 'recovers once an instance starts');
  assert.notEqual(current().memory, before.memory);
});

test('a call that arrives while the instance is being replaced does not run; the replacement completes', async (t) => {
  const a = await createGuard();
  const b = await createGuard();
  const calls = spyHandles(t);
  let during;
  patchInstance(t, (Real) => function Instance(...args) {
    // Re-entrant call from inside the replacement.
    const n = calls.length;
    try { b.scan(`ssn ${SSN}`); during = 'ran'; } catch (e) { during = e; }
    if (calls.length !== n) during = 'reached wasm';
    return Reflect.construct(Real, args);
  });
  __phiGuardArmTrap(false);
  assert.throws(() => a.scan('x'), (e) => e.code === 'trap');
  assert.equal(a.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  assert.ok(during instanceof PhiGuardError, `the re-entrant call threw a PhiGuardError (got ${during})`);
  assert.equal(during.code, 'init');
  assert.ok(!during.message.includes('219'));
  assert.equal(b.redactText(`ssn ${SSN}`), 'ssn [SSN]', 'and b runs in the fresh instance afterwards');
});
