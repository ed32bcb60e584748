// Forced-trap recovery with a real wasm trap, against the built package.
// `__phiGuardArmTrap` (src/wasm.rs, a documented test hook) makes the next
// guard call execute `unreachable` mid-call — the trap a panic (panic =
// "abort") or a failed allocation ends in. Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard, PhiGuardError } from 'phi-guard';
import { withPhiGuard, wrapRouteHandler } from 'phi-guard/next';
import { SignalEmitter } from 'phi-guard/signals';
import { __phiGuardArmTrap } from '../dist/wasm/phi_guard.js';
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

// Last in this file: a sticky trap leaves its flag in linear memory, so only
// a new instance (new memory) clears it.
test('after a trap the guard runs in a fresh wasm instance', { todo: 'the entries rebuild with initSync(), which returns early once the module is initialised: the old instance (and whatever state the trap left in its memory) is reused. Needs wasm-bindgen --experimental-reset-state-function (scripts/build.sh) and __wbg_reset_state() in node.ts/edge.ts/browser.ts' }, () => {
  const g = createGuard();
  __phiGuardArmTrap(true);
  return g.then((g2) => {
    assert.throws(() => g2.scan('x'), (e) => e.code === 'trap');
    assert.equal(g2.redactText(`ssn ${SSN}`), 'ssn [SSN]');
  });
});
