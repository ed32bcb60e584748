// withPhiGuard's redirects, routes and header rules against the built package (js/dist). Synthetic PHI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGuard } from 'phi-guard';
import { SignalEmitter } from 'phi-guard/signals';
import { withPhiGuard } from 'phi-guard/next';

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
