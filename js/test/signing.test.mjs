// Signing, replay protection, canonical JSON and hash chains, against the built package.
// All signals here are synthetic: no value in them looks like PHI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import {
  canonicalJson,
  sha256Hex,
  signalHash,
  signPayload,
  verifySignature,
  createReplayGuard,
  verifyChain,
} from '../dist/signals/index.js';
import { PhiGuardError } from '../dist/common/errors.js';

const SECRET = 'test-secret-not-a-real-one-0123456789';
const NOW = 1_735_787_045_000; // a fixed clock, in ms

function syntheticSignal(seq, prevHash, emitterId = 'emitter-a') {
  return {
    schema: 'phi-guard.breach-signal/v1',
    id: `${emitterId}-signal-${seq}`,
    seq,
    emitterId,
    prevHash,
    occurredAt: '2025-01-02T03:04:05.123Z',
    discoveredAt: '2025-01-02T03:04:06.456Z',
    drill: true,
    channel: 'response_body',
    route: '/api/things/[id]',
    runtime: 'nodejs',
    deployment: 'test',
    region: 'local',
    kind: 'synthetic_kind',
    severity: 'high',
    notification: 'synthetic',
    reasons: ['synthetic_reason'],
    identifierTypes: { OTHER_ID: 2 },
    counts: { findings: 2, individuals: 1, records: 1 },
    fingerprints: { individuals: [], identifiers: [] },
    obligations: [{ kind: 'synthetic_obligation', dueBy: '2025-03-03T03:04:06.456Z', required: true, basis: 'test' }],
    mitigation: 'redacted',
  };
}

async function chain(n, emitterId = 'emitter-a') {
  const out = [];
  let prev = null;
  for (let seq = 1; seq <= n; seq++) {
    const s = syntheticSignal(seq, prev, emitterId);
    s.hash = await signalHash(s);
    prev = s.hash;
    out.push(s);
  }
  return out;
}

// ---------- canonical JSON and hashing ----------

test('canonical JSON sorts keys recursively, has no whitespace, keeps array order', () => {
  assert.equal(canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }], é: 'u', Z: 0 }), '{"Z":0,"a":[true,{"c":"x","d":null}],"b":1,"é":"u"}');
  assert.equal(canonicalJson({ u: undefined, a: [undefined] }), '{"a":[null]}');
  assert.equal(canonicalJson('a"b\n'), JSON.stringify('a"b\n'));
  // UTF-16 code unit order, not code point order: U+1F600 (lead surrogate D83D) sorts before U+FF61.
  assert.equal(canonicalJson({ '\uFF61': 1, '\u{1F600}': 2 }), '{"\u{1F600}":2,"\uFF61":1}');
});

test('canonical JSON refuses non-integers, cycles and bigints with a typed error', () => {
  for (const bad of [{ a: 1.5 }, { a: NaN }, { a: Infinity }, { a: 10n }]) {
    assert.throws(() => canonicalJson(bad), (e) => e instanceof PhiGuardError && e.code === 'input');
  }
  const cyclic = { a: {} };
  cyclic.a.b = cyclic;
  assert.throws(() => canonicalJson(cyclic), (e) => e instanceof PhiGuardError && e.code === 'input');
});

test('sha256Hex matches node:crypto, including non-ASCII text', async () => {
  assert.equal(await sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  const text = 'héllo 😀';
  assert.equal(await sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'));
});

test('signalHash is the SHA-256 of the canonical JSON without hash', async () => {
  const s = syntheticSignal(1, null);
  const { hash: _ignored, ...rest } = { ...s, hash: 'x' };
  assert.equal(await signalHash({ ...s, hash: 'anything' }), createHash('sha256').update(canonicalJson(rest)).digest('hex'));
});

// ---------- signatures ----------

test('a good signature verifies (Headers object and plain object in any case)', async () => {
  const body = JSON.stringify({ signals: [syntheticSignal(1, null)] });
  const ts = NOW / 1000;
  const headers = await signPayload(body, SECRET, ts);
  assert.deepEqual(Object.keys(headers).sort(), ['x-phi-guard-signature', 'x-phi-guard-timestamp']);
  assert.equal(headers['x-phi-guard-timestamp'], String(ts));
  const expected = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
  assert.equal(headers['x-phi-guard-signature'], `v1=${expected}`);

  assert.deepEqual(await verifySignature(body, new Headers(headers), SECRET, { now: NOW }), { ok: true });
  const shouty = { 'X-Phi-Guard-Timestamp': headers['x-phi-guard-timestamp'], 'X-PHI-GUARD-SIGNATURE': headers['x-phi-guard-signature'] };
  assert.deepEqual(await verifySignature(body, shouty, SECRET, { now: () => NOW + 299_000 }), { ok: true });
});

test('tampered body, wrong secret, old and future timestamps are rejected', async () => {
  const body = '{"signals":[]}';
  const ts = NOW / 1000;
  const headers = await signPayload(body, SECRET, ts);
  assert.deepEqual(await verifySignature('{"signals":[ ]}', headers, SECRET, { now: NOW }), { ok: false, reason: 'bad_signature' });
  assert.deepEqual(await verifySignature(body, headers, 'another-secret-0123456789', { now: NOW }), { ok: false, reason: 'bad_signature' });
  assert.deepEqual(await verifySignature(body, headers, SECRET, { now: NOW + 301_000 }), { ok: false, reason: 'expired' });
  assert.deepEqual(await verifySignature(body, headers, SECRET, { now: NOW - 301_000 }), { ok: false, reason: 'future' });
  assert.deepEqual(await verifySignature(body, headers, SECRET, { now: NOW + 60_000, toleranceSec: 30 }), { ok: false, reason: 'expired' });
  // The timestamp is covered by the signature: moving it breaks the signature.
  const moved = { ...headers, 'x-phi-guard-timestamp': String(ts + 100) };
  assert.deepEqual(await verifySignature(body, moved, SECRET, { now: NOW }), { ok: false, reason: 'bad_signature' });
});

test('missing or malformed headers are reported as missing', async () => {
  const body = '{}';
  const headers = await signPayload(body, SECRET, NOW / 1000);
  assert.deepEqual(await verifySignature(body, {}, SECRET, { now: NOW }), { ok: false, reason: 'missing' });
  assert.deepEqual(await verifySignature(body, { 'x-phi-guard-signature': headers['x-phi-guard-signature'] }, SECRET, { now: NOW }), { ok: false, reason: 'missing' });
  assert.deepEqual(await verifySignature(body, { ...headers, 'x-phi-guard-timestamp': 'soon' }, SECRET, { now: NOW }), { ok: false, reason: 'missing' });
  assert.deepEqual(await verifySignature(body, { ...headers, 'x-phi-guard-signature': 'v0=abc' }, SECRET, { now: NOW }), { ok: false, reason: 'missing' });
  assert.deepEqual(await verifySignature(body, { ...headers, 'x-phi-guard-signature': 'v1=abc' }, SECRET, { now: NOW }), { ok: false, reason: 'bad_signature' });
});

test('secret rotation: several secrets or several v1 values', async () => {
  const body = '{"signals":[]}';
  const oldH = await signPayload(body, 'old-secret-0123456789', NOW / 1000);
  const newH = await signPayload(body, 'new-secret-0123456789', NOW / 1000);
  assert.deepEqual(await verifySignature(body, oldH, ['new-secret-0123456789', 'old-secret-0123456789'], { now: NOW }), { ok: true });
  const both = { ...newH, 'x-phi-guard-signature': `${oldH['x-phi-guard-signature']}, ${newH['x-phi-guard-signature']}` };
  assert.deepEqual(await verifySignature(body, both, 'new-secret-0123456789', { now: NOW }), { ok: true });
});

test('misuse throws PhiGuardError(input)', async () => {
  await assert.rejects(signPayload('{}', ''), (e) => e instanceof PhiGuardError && e.code === 'input');
  await assert.rejects(signPayload(42, SECRET), (e) => e instanceof PhiGuardError && e.code === 'input');
  await assert.rejects(signPayload('{}', SECRET, -1), (e) => e instanceof PhiGuardError && e.code === 'input');
  await assert.rejects(verifySignature('{}', {}, []), (e) => e instanceof PhiGuardError && e.code === 'input');
  assert.throws(() => createReplayGuard({ windowSec: 0 }), (e) => e instanceof PhiGuardError && e.code === 'input');
});

// ---------- replay guard ----------

test('a replayed signal id is rejected within the window and forgotten after it', () => {
  let t = NOW;
  const replay = createReplayGuard({ windowSec: 300, now: () => t });
  assert.equal(replay.accept('signal-1'), true);
  assert.equal(replay.accept('signal-2'), true);
  assert.equal(replay.accept('signal-1'), false);
  t += 299_000;
  assert.equal(replay.accept('signal-1'), false);
  t += 2_000;
  assert.equal(replay.size, 0); // both expired: memory is released
  assert.equal(replay.accept('signal-1'), true);
});

test('the replay guard keeps at most maxEntries ids', () => {
  const replay = createReplayGuard({ windowSec: 3600, maxEntries: 100, now: () => NOW });
  for (let i = 0; i < 10_000; i++) assert.equal(replay.accept(`id-${i}`), true);
  assert.equal(replay.size, 100);
  assert.equal(replay.accept('id-9999'), false);
});

test('signature + replay guard, end to end: a captured request replayed is refused', async () => {
  const body = JSON.stringify({ signals: [syntheticSignal(1, null)] });
  const headers = await signPayload(body, SECRET, NOW / 1000);
  const replay = createReplayGuard({ windowSec: 300, now: () => NOW });
  const receive = async (b, h, now) => {
    const v = await verifySignature(b, h, SECRET, { now });
    if (!v.ok) return v.reason;
    return JSON.parse(b).signals.every((s) => replay.accept(s.id)) ? 'stored' : 'replayed';
  };
  assert.equal(await receive(body, headers, NOW), 'stored');
  assert.equal(await receive(body, headers, NOW + 10_000), 'replayed');
  assert.equal(await receive(body, headers, NOW + 400_000), 'expired');
});

// ---------- hash chains ----------

test('an intact chain verifies, and heads continue it across deliveries', async () => {
  const signals = await chain(6);
  const first = await verifyChain(signals.slice(0, 3));
  assert.deepEqual(first, { ok: true, breaks: [], heads: { 'emitter-a': { seq: 3, hash: signals[2].hash } } });
  const second = await verifyChain(signals.slice(3), { heads: first.heads });
  assert.equal(second.ok, true);
  assert.equal(second.heads['emitter-a'].seq, 6);
  // Without heads, a window that starts mid-chain is accepted (its link backwards cannot be checked).
  assert.equal((await verifyChain(signals.slice(2))).ok, true);
});

test('an altered signal is detected', async () => {
  const signals = await chain(4);
  signals[1] = { ...signals[1], route: '/api/other' };
  assert.deepEqual((await verifyChain(signals)).breaks, [{ emitterId: 'emitter-a', seq: 2, reason: 'altered' }]);
});

test('an altered signal whose hash was recomputed breaks the next link', async () => {
  const signals = await chain(4);
  const forged = { ...signals[1], severity: 'low' };
  forged.hash = await signalHash(forged);
  signals[1] = forged;
  assert.deepEqual((await verifyChain(signals)).breaks, [{ emitterId: 'emitter-a', seq: 3, reason: 'altered' }]);
});

test('a removed signal is detected', async () => {
  const signals = await chain(5);
  const report = await verifyChain([signals[0], signals[1], signals[3], signals[4]]);
  assert.equal(report.ok, false);
  assert.deepEqual(report.breaks, [{ emitterId: 'emitter-a', seq: 3, reason: 'missing' }]);
  // Removal at the boundary of two deliveries too.
  const first = await verifyChain(signals.slice(0, 2));
  assert.deepEqual((await verifyChain(signals.slice(3), { heads: first.heads })).breaks, [{ emitterId: 'emitter-a', seq: 3, reason: 'missing' }]);
});

test('a reordered signal is detected', async () => {
  const signals = await chain(4);
  const report = await verifyChain([signals[0], signals[2], signals[1], signals[3]]);
  assert.deepEqual(report.breaks, [{ emitterId: 'emitter-a', seq: 2, reason: 'reordered' }]);
  // A signal older than what was already verified is reordered too.
  const first = await verifyChain(signals.slice(0, 3));
  assert.deepEqual((await verifyChain([signals[1]], { heads: first.heads })).breaks, [{ emitterId: 'emitter-a', seq: 2, reason: 'reordered' }]);
});

test('every copy of a seq is hashed: a tampered copy after the genuine one is altered; an exact re-delivery with heads is ignored', async () => {
  const signals = await chain(4);
  // The same seq and claimed hash, other content: after the genuine one, before it, or alone.
  const forged = { ...signals[1], severity: 'low' };
  const altered = [{ emitterId: 'emitter-a', seq: 2, reason: 'altered' }];
  assert.deepEqual((await verifyChain([signals[0], signals[1], forged, signals[2]])).breaks, altered);
  assert.deepEqual((await verifyChain([signals[0], forged, signals[1], signals[2]])).breaks, altered);
  assert.deepEqual((await verifyChain([signals[0], forged, forged, signals[2]])).breaks, altered, 'one break for the copies');
  // A retried batch that the receiver had already verified: nothing to report.
  const first = await verifyChain(signals.slice(0, 3));
  const retried = await verifyChain(signals.slice(1, 3), { heads: first.heads });
  assert.deepEqual(retried, { ok: true, breaks: [], heads: first.heads });
  // ...and the retried batch followed by new signals continues the chain.
  assert.equal((await verifyChain(signals.slice(1), { heads: first.heads })).ok, true);
  // Re-delivered but changed: at the head it is altered, below it the links do not reach it.
  assert.deepEqual((await verifyChain([signals[1], { ...signals[2], severity: 'low' }], { heads: first.heads })).breaks,
    [{ emitterId: 'emitter-a', seq: 2, reason: 'reordered' }, { emitterId: 'emitter-a', seq: 3, reason: 'altered' }]);
});

test('chains are per emitter; exact duplicates are ignored, conflicting ones are not', async () => {
  const a = await chain(3, 'emitter-a');
  const b = await chain(3, 'emitter-b');
  const mixed = [a[0], b[0], a[1], b[1], b[1], a[2], b[2]];
  assert.equal((await verifyChain(mixed)).ok, true);
  const conflict = { ...a[1], id: 'emitter-a-signal-other' };
  conflict.hash = await signalHash(conflict);
  const report = await verifyChain([...a, conflict]);
  assert.deepEqual(report.breaks, [{ emitterId: 'emitter-a', seq: 2, reason: 'altered' }]);
  // A first signal claiming seq 1 must not have a predecessor.
  const bad = { ...a[0], prevHash: 'f'.repeat(64) };
  bad.hash = await signalHash(bad);
  assert.deepEqual((await verifyChain([bad])).breaks, [{ emitterId: 'emitter-a', seq: 1, reason: 'altered' }]);
  await assert.rejects(verifyChain([{ seq: 1 }]), (e) => e instanceof PhiGuardError && e.code === 'input');
});
