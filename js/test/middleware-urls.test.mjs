// withPhiGuard's redirects, routes and header rules against the built package (js/dist). Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard, PhiGuardError } from 'phi-guard';
import { SignalEmitter } from 'phi-guard/signals';
import { withPhiGuard, createSignalRelay } from 'phi-guard/next';

const guard = await createGuard();
const next = () => new Response(null, { headers: { 'x-middleware-next': '1' } });
const fetchEvent = () => { const p = []; return { waited: p, waitUntil: (x) => p.push(x) }; };

/** A real SignalEmitter whose signals, and the events it was given, are kept. */
function signals() {
  const kept = [];
  const events = [];
  const emitter = new SignalEmitter({ emitterId: 'mw-test', transport: { enqueue: (s) => { kept.push(s); return true; }, flush: async () => true } });
  return { kept, events, emitter: { record: (g, e) => { events.push(e); return emitter.record(g, e); } } };
}

/** Runs `mw` on `url` (and request `init`), waiting for its reporting. */
async function run(mw, url, init) {
  const ev = fetchEvent();
  const res = await mw(new Request(url, init), ev);
  await Promise.all(ev.waited);
  return res;
}

test('strip never redirects to another host: a path starting with // or /\\ stays on the site, and its exposure is a signal', async () => {
  const s = signals();
  const mw = withPhiGuard(next, { guard, emitter: s.emitter });
  for (const path of ['//evil.example/landing', '/\\evil.example/landing', '///evil.example/landing']) {
    const res = await run(mw, `https://app.example.com${path}?ssn=219-09-9999&tab=labs`);
    assert.equal(res.status, 307, path);
    const to = new URL(res.headers.get('location'));
    assert.equal(to.origin, 'https://app.example.com', `${path} → ${to}`);
    assert.equal(to.search, '?tab=labs');
  }
  assert.deepEqual(s.events.map((e) => e.route), ['/evil.example/landing', '/evil.example/landing', '/evil.example/landing']);
  assert.equal(s.kept.length, 3, 'each exposure became a signal');
});

test('a route template the classifier would refuse is made to conform: runs of ids are one [...id], a long one ends in /[...]', async () => {
  const s = signals();
  const mw = withPhiGuard(next, { guard, emitter: s.emitter });
  const long = '/docs'.repeat(110) + '/x';
  await run(mw, `https://app.example.com${long}?ssn=219-09-9999`);
  await run(mw, `https://app.example.com${'/1'.repeat(250)}/chart?email=maria.garcia%40example.com`);
  await run(mw, 'https://app.example.com/files/ab/884213/884214/884215/view?ssn=219-09-9999');
  const [a, b, c] = s.events.map((e) => e.route);
  assert.ok(Buffer.byteLength(a) <= 512 && a.endsWith('/docs/[...]') && a.startsWith('/docs/docs/'), a);
  assert.equal(b, '/[...id]/chart');
  assert.equal(c, '/files/ab/[...id]/view');
  assert.equal(s.kept.length, 3, 'each exposure became a signal');
  // A relay report's route is templated the same way.
  const relay = signals();
  const POST = createSignalRelay({ guard, emitter: relay.emitter, allowedOrigins: ['https://app.example.com'], log: () => {} });
  const res = await POST(new Request('https://app.example.com/api/phi-guard/relay', {
    method: 'POST', headers: { origin: 'https://app.example.com' }, body: JSON.stringify({ message: 'missed ssn 219-09-9999', route: '/1'.repeat(250) }),
  }));
  assert.equal(res.status, 202);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(relay.events.map((e) => e.route), ['/[...id]']);
  assert.equal(relay.kept.length, 1);
});

test('a guard failure\'s route keeps only plain words of the path (and versions, `_next`): a name with a space or an escape, or digits, are [id]', async () => {
  const seen = [];
  const trap = { scan() { throw new PhiGuardError('trap', 'the wasm module trapped'); } };
  const mw = withPhiGuard(next, { guard: trap, onEvent: (e) => seen.push(e) });
  for (const path of ['/notes/Maria%20Garcia/print', '/chart/Zoltan_Quibble-1985', '/notes/Mar%C3%ADa/print', '/app/(group)/[slug]/settings', '/api/v2/_next/users']) {
    const res = await mw(new Request(`https://app.example.com${path}?ssn=219-09-9999`), fetchEvent());
    assert.equal(res.headers.get('x-middleware-next'), '1');
  }
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(seen.map((e) => [e.channel, e.route]), [
    ['guard_failure', '/notes/[id]/print'], ['guard_failure', '/chart/[id]'], ['guard_failure', '/notes/[id]/print'], ['guard_failure', '/app/(group)/[slug]/settings'],
    ['guard_failure', '/api/v2/_next/users'],
  ]);
});

test('a same-site Referer is held to the rules of its own path: allowInPath there is honoured, its query still checked', async () => {
  // The README's urlRules.
  const routes = [
    { match: /^\/api\/patients\/[^/]+$/, template: '/api/patients/[id]', allowInPath: ['OTHER_ID'], onUrlPhi: 'block', blockAs: 'json', failMode: 'closed' },
    { match: /^\/patients\/[^/]+$/, template: '/patients/[id]', allowInPath: ['OTHER_ID'] },
    { match: '/api/', onUrlPhi: 'block', blockAs: 'json', failMode: 'closed' },
  ];
  const s = signals();
  const mw = withPhiGuard(next, { guard, routes, emitter: s.emitter });
  const fetchFrom = (referer) => run(mw, 'https://app.example.com/api/visits', { headers: { referer } });
  for (const id of ['884213', 'MR884213', '3f2a9c1e-8b4d-4e6f-9a1b-2c3d4e5f6a7b']) {
    assert.equal((await run(mw, `https://app.example.com/patients/${id}`)).headers.get('x-middleware-next'), '1', `page ${id}`);
    const res = await fetchFrom(`https://app.example.com/patients/${id}`);
    assert.equal(res.headers.get('x-middleware-next'), '1', `the page's fetch, referer /patients/${id}`);
  }
  assert.equal(s.kept.length, 0, 'no signal for a page fetching its own data');
  // Still blocked: another type in that path, PHI in its query, a path no rule lets hold an id, another site's URL.
  for (const referer of [
    'https://app.example.com/patients/219-09-9999',
    'https://app.example.com/patients/MR884213?email=maria.garcia%40example.com',
    'https://app.example.com/patient/884213',
    'https://other.example/patients/884213',
  ]) assert.equal((await fetchFrom(referer)).status, 400, referer);
  assert.equal(s.kept.length, 4);
});
